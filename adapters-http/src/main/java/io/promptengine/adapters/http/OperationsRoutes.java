package io.promptengine.adapters.http;

import io.javalin.http.Context;
import io.promptengine.application.port.in.CheckReadinessUseCase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/** Public routes for operators and tooling: liveness, readiness and the OpenAPI document. No API key needed. */
final class OperationsRoutes {

    static final String OPENAPI_RESOURCE = "/openapi.json";

    /** {@code {status, checks?}}: {@code up} or {@code down}, and per check {@code up} or why it is down. */
    record HealthBody(String status, Map<String, String> checks) {
    }

    private static final HealthBody LIVE = new HealthBody("up", null);

    private final CheckReadinessUseCase readiness;
    private final Json json;
    private final byte[] openApi;

    OperationsRoutes(CheckReadinessUseCase readiness, Json json) {
        this.readiness = readiness;
        this.json = json;
        this.openApi = loadOpenApi();
    }

    void register(MountedRoutes routes) {
        routes.get("/health/live", ctx -> json.respond(ctx, 200, LIVE));
        routes.get("/health/ready", this::ready);
        byte[] document = servedAt(routes.base());
        routes.get("/openapi.json", ctx -> ctx.contentType(Json.CONTENT_TYPE).result(document));
    }

    /** The OpenAPI document with its one server at {@code base}, so that its paths resolve under the mount. */
    private byte[] servedAt(BasePath base) {
        if (base.isRoot()) {
            return openApi;
        }
        ObjectNode document = (ObjectNode) json.read(openApi);
        if (!(document.path("servers").path(0) instanceof ObjectNode server) || !server.path("url").isString()) {
            throw new IllegalStateException(OPENAPI_RESOURCE + " must name its server in servers[0].url");
        }
        server.put("url", base.value());
        return json.write(document);
    }

    private void ready(Context ctx) {
        CheckReadinessUseCase.Readiness verdict = readiness.readiness();
        json.respond(ctx, verdict.ready() ? 200 : 503,
                new HealthBody(verdict.ready() ? "up" : "down", verdict.checks()));
    }

    private static byte[] loadOpenApi() {
        try (InputStream in = OperationsRoutes.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(OPENAPI_RESOURCE + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + OPENAPI_RESOURCE, e);
        }
    }
}
