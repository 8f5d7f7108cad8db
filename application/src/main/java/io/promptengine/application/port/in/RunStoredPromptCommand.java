package io.promptengine.application.port.in;

import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.schema.SchemaContract;
import java.util.Objects;
import java.util.Optional;

/**
 * Run stored prompt {@code promptId} on {@code provider} with a new user {@code message}.
 *
 * @param structuredData a JSON Schema the answer must satisfy, instead of the version's output schema
 * @param conversationId the conversation to continue; empty starts a new one
 * @param variables a JSON object the prompt's templates render with; empty renders them with none
 * @param requestId the request's {@code X-Request-Id}, stored on the execution
 */
public record RunStoredPromptCommand(
        Caller caller,
        String promptId,
        String provider,
        String message,
        Optional<SchemaContract> structuredData,
        Optional<String> conversationId,
        Optional<String> variables,
        String requestId,
        Optional<String> idempotencyKey) {

    /** A command sent without an {@code Idempotency-Key}. */
    public RunStoredPromptCommand(Caller caller, String promptId, String provider, String message,
            Optional<SchemaContract> structuredData, Optional<String> conversationId, Optional<String> variables,
            String requestId) {
        this(caller, promptId, provider, message, structuredData, conversationId, variables, requestId,
                Optional.empty());
    }

    public RunStoredPromptCommand {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(promptId, "promptId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(structuredData, "structuredData");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(variables, "variables");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        if (message == null) {
            throw InvalidInputException.required("message");
        }
        if (message.isBlank()) {
            throw new InvalidInputException("message", "Field 'message' must not be empty");
        }
    }
}
