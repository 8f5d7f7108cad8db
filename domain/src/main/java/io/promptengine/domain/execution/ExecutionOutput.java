package io.promptengine.domain.execution;

import io.promptengine.domain.prompt.FinishReason;
import java.util.Objects;
import java.util.Optional;

/**
 * What a model answered: the raw text always, the JSON document when an output schema asked for one, and why
 * the model stopped ({@link FinishReason#LENGTH} marks a truncated answer).
 */
public record ExecutionOutput(String text, Optional<String> json, FinishReason finishReason) {

    public ExecutionOutput {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(finishReason, "finishReason");
    }

    public static ExecutionOutput text(String text, FinishReason finishReason) {
        return new ExecutionOutput(text, Optional.empty(), finishReason);
    }

    public boolean truncated() {
        return finishReason == FinishReason.LENGTH;
    }
}
