package io.promptengine.adapters.http;

import io.javalin.http.Context;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.IssuedWebhook;
import io.promptengine.application.port.in.ManageWebhooksUseCase;
import io.promptengine.domain.webhook.Delivery;
import io.promptengine.domain.webhook.Webhook;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A tenant's webhook endpoints: create, list, read, change and delete them, rotate the secret, read the delivery
 * log, retry a delivery and send a test event. Writes need the {@code manage} scope, reads {@code read} or
 * {@code manage}; another tenant's endpoint answers 404 like a missing one.
 */
final class WebhookRoutes {

    private static final int DEFAULT_LIMIT = 20;
    private static final int MAX_LIMIT = 100;
    private static final Set<String> DELIVERY_PARAMETERS = Set.of("limit", "before");

    private final Credentials credentials;
    private final ManageWebhooksUseCase webhooks;
    private final JsonBody body;
    private final Json json;

    WebhookRoutes(Credentials credentials, ManageWebhooksUseCase webhooks, JsonBody body, Json json) {
        this.credentials = credentials;
        this.webhooks = webhooks;
        this.body = body;
        this.json = json;
    }

    void register(MountedRoutes routes) {
        routes.post("/v1/webhooks", this::create);
        routes.get("/v1/webhooks", this::list);
        routes.get("/v1/webhooks/{id}", this::get);
        routes.patch("/v1/webhooks/{id}", this::update);
        routes.delete("/v1/webhooks/{id}", this::delete);
        routes.post("/v1/webhooks/{id}/rotate-secret", this::rotate);
        routes.get("/v1/webhooks/{id}/deliveries", this::deliveries);
        routes.post("/v1/webhooks/{id}/deliveries/{delivery}/retry", this::retry);
        routes.post("/v1/webhooks/{id}/test", this::test);
    }

    private void create(Context ctx) throws IOException {
        Caller caller = credentials.caller(ctx);
        IssuedWebhook issued = webhooks.create(caller, WebhookRequests.newWebhook(body.readObject(ctx)));
        ctx.header("Location", BasePath.of(ctx).under("/v1/webhooks/" + issued.webhook().id().value()));
        json.respond(ctx, 201, WebhookBodies.CreatedBody.of(issued));
    }

    private void list(Context ctx) {
        Caller caller = credentials.caller(ctx);
        json.respond(ctx, 200, WebhookBodies.WebhookListBody.of(webhooks.list(caller)));
    }

    private void get(Context ctx) {
        Caller caller = credentials.caller(ctx);
        json.respond(ctx, 200, WebhookBodies.WebhookBody.of(webhooks.get(caller, ctx.pathParam("id"))));
    }

    private void update(Context ctx) throws IOException {
        Caller caller = credentials.caller(ctx);
        Webhook webhook = webhooks.update(caller, WebhookRequests.changes(ctx.pathParam("id"), body.readObject(ctx)));
        json.respond(ctx, 200, WebhookBodies.WebhookBody.of(webhook));
    }

    private void delete(Context ctx) {
        Caller caller = credentials.caller(ctx);
        body.requireJsonIfPresent(ctx);
        json.respond(ctx, 200, WebhookBodies.WebhookBody.of(webhooks.delete(caller, ctx.pathParam("id"))));
    }

    private void rotate(Context ctx) throws IOException {
        Caller caller = credentials.caller(ctx);
        IssuedWebhook issued = webhooks.rotateSecret(caller, ctx.pathParam("id"),
                WebhookRequests.overlap(body.readOptionalObject(ctx)));
        json.respond(ctx, 200, WebhookBodies.CreatedBody.of(issued));
    }

    private void deliveries(Context ctx) {
        Caller caller = credentials.caller(ctx);
        Map<String, List<String>> parameters = QueryString.parameters(ctx);
        ListParameters.requireKnown(parameters, DELIVERY_PARAMETERS, "limit, before");
        int limit = ListParameters.value(parameters, "limit").map(text -> ListParameters.limit(text, MAX_LIMIT))
                .orElse(DEFAULT_LIMIT);
        Optional<String> before = ListParameters.value(parameters, "before");
        List<Delivery> page = webhooks.deliveries(caller, ctx.pathParam("id"), before, limit);
        json.respond(ctx, 200, WebhookBodies.DeliveryListBody.of(page, limit));
    }

    private void retry(Context ctx) {
        Caller caller = credentials.caller(ctx);
        body.requireJsonIfPresent(ctx);
        json.respond(ctx, 202, WebhookBodies.DeliveryBody.of(webhooks.retry(caller, ctx.pathParam("id"),
                ctx.pathParam("delivery"))));
    }

    private void test(Context ctx) {
        Caller caller = credentials.caller(ctx);
        body.requireJsonIfPresent(ctx);
        json.respond(ctx, 202, WebhookBodies.DeliveryBody.of(webhooks.test(caller, ctx.pathParam("id"))));
    }
}
