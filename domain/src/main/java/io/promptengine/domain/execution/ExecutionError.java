package io.promptengine.domain.execution;

import java.util.Objects;

/** Why an execution did not complete: an envelope code ({@code upstream_error}, {@code timeout}…) and a message. */
public record ExecutionError(String code, String message) {

    public ExecutionError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
