package io.promptengine.application.port.in;

import java.util.Objects;
import java.util.Optional;

/**
 * The operator, acting over {@code /v1/admin} with the operator key or from the command line with database access.
 * Whoever may act as it was decided at that edge; this says which request it acted in, for the audit trail.
 *
 * @param requestId the HTTP request's id; absent on the command line and in an embedding host's calls
 */
public record Operator(Optional<String> requestId) {

    /** The operator outside any HTTP request: the command line, or a host embedding the engine. */
    public static final Operator NO_REQUEST = new Operator(Optional.empty());

    public Operator {
        Objects.requireNonNull(requestId, "requestId");
    }

    public static Operator overHttp(String requestId) {
        return new Operator(Optional.of(requestId));
    }
}
