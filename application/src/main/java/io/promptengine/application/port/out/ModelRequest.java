package io.promptengine.application.port.out;

import io.promptengine.domain.prompt.Message;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.schema.SchemaContract;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One call to a model.
 *
 * @param model the provider's own model name (routing has already stripped any {@code provider/} prefix)
 * @param deadline the provider must answer, retries included, before this instant
 * @param outputSchema when present, the answer must be a JSON document that satisfies it: a provider asks for it
 *     with its structured-output feature where it has one
 */
public record ModelRequest(String model, List<Message> messages, ModelParameters parameters, Instant deadline,
        Optional<SchemaContract> outputSchema) {

    /** A request for free text. */
    public ModelRequest(String model, List<Message> messages, ModelParameters parameters, Instant deadline) {
        this(model, messages, parameters, deadline, Optional.empty());
    }

    public ModelRequest {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a model call has at least one message");
        }
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(outputSchema, "outputSchema");
    }
}
