package io.promptengine.domain.execution;

import java.util.Objects;
import java.util.Optional;

/**
 * The calls an execution made to model providers: retries, re-asks and fallbacks each count one. Not the same as
 * {@link Execution#attempts()}, which counts how often a worker started the execution.
 *
 * @param count calls sent to a provider (a call refused by an open circuit breaker is not sent, so not counted)
 * @param lastError the last failure of any call, also when a later call succeeded
 * @param fallbackModel the fallback model that gave the answer, when the execution's own model did not
 */
public record ModelCalls(int count, Optional<ExecutionError> lastError, Optional<String> fallbackModel) {

    /** No call made yet. */
    public static final ModelCalls NONE = new ModelCalls(0, Optional.empty(), Optional.empty());

    public ModelCalls {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative");
        }
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(fallbackModel, "fallbackModel");
    }
}
