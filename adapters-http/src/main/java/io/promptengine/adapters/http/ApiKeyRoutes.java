package io.promptengine.adapters.http;

import io.javalin.http.Context;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.ManageApiKeysUseCase;
import java.io.IOException;

/**
 * A tenant's own API keys ({@code manage} scope): create (the secret is in that answer only), list, read, revoke.
 * Another tenant's key answers 404 like a missing one.
 */
final class ApiKeyRoutes {

    private final Credentials credentials;
    private final ManageApiKeysUseCase apiKeys;
    private final JsonBody body;
    private final Json json;

    ApiKeyRoutes(Credentials credentials, ManageApiKeysUseCase apiKeys, JsonBody body, Json json) {
        this.credentials = credentials;
        this.apiKeys = apiKeys;
        this.body = body;
        this.json = json;
    }

    void register(MountedRoutes routes) {
        routes.post("/v1/api-keys", this::create);
        routes.get("/v1/api-keys", this::list);
        routes.get("/v1/api-keys/{id}", this::get);
        routes.delete("/v1/api-keys/{id}", this::revoke);
    }

    private void create(Context ctx) throws IOException {
        Caller caller = credentials.caller(ctx);
        ApiKeyBodies.CreatedApiKeyBody created = ApiKeyBodies.CreatedApiKeyBody.of(
                apiKeys.create(caller, ApiKeyRequests.newApiKey(body.readObject(ctx))));
        ctx.header("Location", BasePath.of(ctx).under("/v1/api-keys/" + created.id()));
        json.respond(ctx, 201, created);
    }

    private void list(Context ctx) {
        Caller caller = credentials.caller(ctx);
        json.respond(ctx, 200, ApiKeyBodies.ApiKeyListBody.of(apiKeys.list(caller)));
    }

    private void get(Context ctx) {
        Caller caller = credentials.caller(ctx);
        json.respond(ctx, 200, ApiKeyBodies.ApiKeyBody.of(apiKeys.get(caller, ctx.pathParam("id"))));
    }

    private void revoke(Context ctx) {
        Caller caller = credentials.caller(ctx);
        body.requireJsonIfPresent(ctx);
        json.respond(ctx, 200, ApiKeyBodies.ApiKeyBody.of(apiKeys.revoke(caller, ctx.pathParam("id"))));
    }
}
