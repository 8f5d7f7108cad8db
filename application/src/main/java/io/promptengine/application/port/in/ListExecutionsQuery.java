package io.promptengine.application.port.in;

import io.promptengine.application.model.ExecutionFilter;
import io.promptengine.domain.error.InvalidInputException;
import java.util.Objects;
import java.util.Optional;

/** A page of the caller's executions, newest first, after the opaque {@code cursor} of the previous page. */
public record ListExecutionsQuery(Caller caller, ExecutionFilter filter, Optional<String> cursor, int limit) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    public ListExecutionsQuery {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(cursor, "cursor");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit", "Field 'limit' must be between 1 and " + MAX_LIMIT);
        }
    }
}
