package io.promptengine.application.port.out;

import io.promptengine.domain.prompt.Message;
import io.promptengine.domain.prompt.ModelParameters;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One call to a model.
 *
 * @param model the provider's own model name (routing has already stripped any {@code provider/} prefix)
 * @param deadline the provider must answer, retries included, before this instant
 */
public record ModelRequest(String model, List<Message> messages, ModelParameters parameters, Instant deadline) {

    public ModelRequest {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a model call has at least one message");
        }
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(deadline, "deadline");
    }
}
