package io.promptengine.application.port.in;

import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.prompt.ModelParameters;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /v1/prompt/execute}: run {@code input} on {@code model}.
 *
 * @param requestId the request's {@code X-Request-Id}, stored on the execution
 * @param cacheBypass {@code x-cache-bypass: true}: call the model even when a cached answer exists, and store the
 *     fresh one
 */
public record ExecutePromptCommand(
        Caller caller,
        String model,
        String input,
        ModelParameters parameters,
        String requestId,
        Optional<String> idempotencyKey,
        boolean cacheBypass) {

    public static final int MAX_MODEL_LENGTH = 200;

    /** A command that takes a cached answer when there is one. */
    public ExecutePromptCommand(Caller caller, String model, String input, ModelParameters parameters,
            String requestId, Optional<String> idempotencyKey) {
        this(caller, model, input, parameters, requestId, idempotencyKey, false);
    }

    public ExecutePromptCommand {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        if (model == null) {
            throw InvalidInputException.required("model");
        }
        if (model.isBlank()) {
            throw new InvalidInputException("model", "Field 'model' must not be empty");
        }
        if (model.length() > MAX_MODEL_LENGTH) {
            throw new InvalidInputException("model",
                    "Field 'model' must be at most " + MAX_MODEL_LENGTH + " characters");
        }
        if (input == null) {
            throw InvalidInputException.required("input");
        }
        if (input.isBlank()) {
            throw new InvalidInputException("input", "Field 'input' must not be empty");
        }
    }
}
