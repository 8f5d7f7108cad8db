package io.promptengine.adapters.http;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The HTTP adapter's side of an operator's metrics, kept free of any metrics library: every request of ours is
 * reported once answered, by its route template, and {@code GET /metrics} serves what {@link #scrape} gives, to
 * the operator key only. The composition root connects it to its registry.
 */
public interface HttpMetrics {

    /**
     * The label of a request that matched no route of ours nor a tenant endpoint (a 404 or 405 of the fallback):
     * its raw path never becomes a label.
     */
    String UNMATCHED = "unmatched";

    /** The label of a call to a tenant endpoint: its path is the tenant's, so it is not a label either. */
    String TENANT_ENDPOINT = "/{endpoint}";

    /**
     * A request was answered.
     *
     * @param route the template of the route that answered, such as {@code /v1/executions/{id}}, under no base
     *        path; {@link #TENANT_ENDPOINT} or {@link #UNMATCHED} for the rest
     */
    void served(String method, String route, int status, Duration took);

    /** The exposition for a scrape that sent {@code accept}. */
    Scrape scrape(Optional<String> accept);

    /** One scrape's content type and body. */
    record Scrape(String contentType, byte[] body) {

        public Scrape {
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(body, "body");
        }
    }
}
