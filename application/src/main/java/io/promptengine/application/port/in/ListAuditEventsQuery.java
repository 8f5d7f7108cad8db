package io.promptengine.application.port.in;

import io.promptengine.application.model.AuditFilter;
import io.promptengine.domain.error.InvalidInputException;
import java.util.Objects;
import java.util.Optional;

/**
 * A page of audit events, newest first, after the opaque {@code cursor} of the previous page.
 *
 * @param tenant only this tenant's events (its id); for the operator alone, a tenant's key always reads its own
 */
public record ListAuditEventsQuery(Optional<String> tenant, AuditFilter filter, Optional<String> cursor, int limit) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    public ListAuditEventsQuery {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(cursor, "cursor");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit", "Field 'limit' must be between 1 and " + MAX_LIMIT);
        }
    }
}
