package io.promptengine.adapters.http;

import io.javalin.http.Context;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.DescribedEndpoint;
import io.promptengine.application.port.in.ManageEndpointsUseCase;
import io.promptengine.domain.endpoint.Endpoint;
import java.io.IOException;

/**
 * A tenant's endpoints: create, list, read, change and delete them, and read the OpenAPI document of one. Writes
 * need the {@code manage} scope, reads {@code read} or {@code manage}; another tenant's endpoint answers 404 like a
 * missing one.
 */
final class EndpointRoutes {

    private final Credentials credentials;
    private final ManageEndpointsUseCase endpoints;
    private final JsonBody body;
    private final Json json;
    private final EndpointOpenApi openApi;

    EndpointRoutes(Credentials credentials, ManageEndpointsUseCase endpoints, JsonBody body, Json json) {
        this.credentials = credentials;
        this.endpoints = endpoints;
        this.body = body;
        this.json = json;
        this.openApi = new EndpointOpenApi(json);
    }

    void register(MountedRoutes routes) {
        routes.post("/v1/endpoints", this::create);
        routes.get("/v1/endpoints", this::list);
        routes.get("/v1/endpoints/{id}", this::get);
        routes.patch("/v1/endpoints/{id}", this::update);
        routes.delete("/v1/endpoints/{id}", this::delete);
        routes.get("/v1/endpoints/{id}/openapi.json", this::openApi);
    }

    private void create(Context ctx) throws IOException {
        Caller caller = credentials.caller(ctx);
        Endpoint endpoint = endpoints.create(caller, DefinitionRequests.newEndpoint(body.readObject(ctx), json));
        ctx.header("Location", BasePath.of(ctx).under("/v1/endpoints/" + endpoint.id().value()));
        json.respond(ctx, 201, DefinitionBodies.EndpointBody.of(endpoint, json, BasePath.of(ctx)));
    }

    private void list(Context ctx) {
        Caller caller = credentials.caller(ctx);
        json.respond(ctx, 200,
                DefinitionBodies.EndpointListBody.of(endpoints.list(caller), json, BasePath.of(ctx)));
    }

    private void get(Context ctx) {
        Caller caller = credentials.caller(ctx);
        json.respond(ctx, 200, DefinitionBodies.EndpointBody.of(endpoints.get(caller, ctx.pathParam("id")), json,
                BasePath.of(ctx)));
    }

    private void update(Context ctx) throws IOException {
        Caller caller = credentials.caller(ctx);
        Endpoint endpoint = endpoints.update(caller,
                DefinitionRequests.endpointChanges(ctx.pathParam("id"), body.readObject(ctx), json));
        json.respond(ctx, 200, DefinitionBodies.EndpointBody.of(endpoint, json, BasePath.of(ctx)));
    }

    private void delete(Context ctx) {
        Caller caller = credentials.caller(ctx);
        body.requireJsonIfPresent(ctx);
        json.respond(ctx, 200, DefinitionBodies.EndpointBody.of(endpoints.delete(caller, ctx.pathParam("id")), json,
                BasePath.of(ctx)));
    }

    /**
     * Served from where it was asked: the request's scheme and host, and the base path the API is mounted under,
     * are the document's server.
     */
    private void openApi(Context ctx) {
        Caller caller = credentials.caller(ctx);
        DescribedEndpoint endpoint = endpoints.describe(caller, ctx.pathParam("id"));
        String host = ctx.host();
        String origin = ctx.scheme() + "://" + (host == null || host.isBlank() ? "localhost" : host)
                + BasePath.of(ctx).value();
        ctx.status(200).contentType(Json.CONTENT_TYPE).result(json.write(openApi.document(endpoint, origin)));
    }
}
