package io.promptengine.adapters.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.promptengine.application.port.in.CheckReadinessUseCase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

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

    void register(RoutesConfig routes) {
        routes.get("/health/live", ctx -> json.respond(ctx, 200, LIVE));
        routes.get("/health/ready", this::ready);
        routes.get("/openapi.json", ctx -> ctx.contentType(Json.CONTENT_TYPE).result(openApi));
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
