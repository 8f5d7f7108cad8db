package io.promptengine.application.port.out;

import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import java.util.Objects;

/** What a model answered, the tokens it counted, and why it stopped. */
public record ModelResponse(String text, Usage usage, FinishReason finishReason) {

    public ModelResponse {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(finishReason, "finishReason");
    }
}
