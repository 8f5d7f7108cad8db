package io.promptengine.adapters.http;

import io.javalin.http.Context;
import io.javalin.http.Header;
import io.promptengine.application.port.in.AuthenticateOperatorUseCase;
import java.util.Optional;

/**
 * {@code GET /metrics}: the Prometheus text format, or OpenMetrics when {@code Accept} asks for it. Not public:
 * it needs the operator key, since the series name the providers, models and plans in use and their traffic.
 */
final class MetricsRoutes {

    private final AuthenticateOperatorUseCase authenticateOperator;
    private final HttpMetrics metrics;

    MetricsRoutes(AuthenticateOperatorUseCase authenticateOperator, HttpMetrics metrics) {
        this.authenticateOperator = authenticateOperator;
        this.metrics = metrics;
    }

    void register(MountedRoutes routes) {
        routes.get("/metrics", this::scrape);
    }

    private void scrape(Context ctx) {
        authenticateOperator.authenticateOperator(Credentials.presentedKey(ctx));
        HttpMetrics.Scrape scrape = metrics.scrape(Optional.ofNullable(ctx.header(Header.ACCEPT)));
        ctx.contentType(scrape.contentType()).result(scrape.body());
    }
}
