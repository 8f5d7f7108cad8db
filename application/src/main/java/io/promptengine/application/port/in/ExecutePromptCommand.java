package io.promptengine.application.port.in;

import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.prompt.Message;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.prompt.Role;
import io.promptengine.domain.schema.SchemaContract;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /v1/prompt/execute}: run {@code input} on {@code model}; or {@code POST /v1/chat/completions}: send
 * {@code messages} to {@code model} (see {@link #chat}).
 *
 * @param requestId the request's {@code X-Request-Id}, stored on the execution
 * @param cacheBypass {@code x-cache-bypass: true}: call the model even when a cached answer exists, and store the
 *     fresh one
 * @param messages the chat API's messages, sent as they are instead of {@code input} as one user message; then
 *     {@code input} is the last user message, kept for the execution's record and its listing
 * @param outputSchema the contract the answer is held to (the chat API's {@code response_format})
 */
public record ExecutePromptCommand(
        Caller caller,
        String model,
        String input,
        ModelParameters parameters,
        String requestId,
        Optional<String> idempotencyKey,
        boolean cacheBypass,
        List<Message> messages,
        Optional<SchemaContract> outputSchema) {

    public static final int MAX_MODEL_LENGTH = 200;

    /** A command that takes a cached answer when there is one. */
    public ExecutePromptCommand(Caller caller, String model, String input, ModelParameters parameters,
            String requestId, Optional<String> idempotencyKey) {
        this(caller, model, input, parameters, requestId, idempotencyKey, false);
    }

    /** An execute API command: {@code input} is the one user message, and the answer is free text. */
    public ExecutePromptCommand(Caller caller, String model, String input, ModelParameters parameters,
            String requestId, Optional<String> idempotencyKey, boolean cacheBypass) {
        this(caller, model, input, parameters, requestId, idempotencyKey, cacheBypass, List.of(), Optional.empty());
    }

    /** The chat API's model name that runs a tenant's stored prompt: {@code prompt:<name>} or {@code prompt:<id>}. */
    public static final String PROMPT_PREFIX = "prompt:";

    /**
     * A chat API command. For a model, at least one message must be the user's, and the last one is the
     * command's {@code input}. For a stored prompt ({@code prompt:<name>}), {@code variables} (a JSON object, by
     * default {@code {}}) is the input its templates render with, and the messages follow them; any other model
     * takes no variables.
     */
    public static ExecutePromptCommand chat(Caller caller, String model, List<Message> messages,
            ModelParameters parameters, Optional<SchemaContract> outputSchema, Optional<String> variables,
            String requestId, Optional<String> idempotencyKey, boolean cacheBypass) {
        if (messages.isEmpty()) {
            throw new InvalidInputException("messages", "Field 'messages' must hold at least one message");
        }
        if (model != null && model.startsWith(PROMPT_PREFIX)) {
            return new ExecutePromptCommand(caller, model, variables.orElse("{}"), parameters, requestId,
                    idempotencyKey, cacheBypass, messages, outputSchema);
        }
        if (variables.isPresent()) {
            throw new InvalidInputException("variables", "Field 'variables' is only for a stored prompt, named as "
                    + "model 'prompt:<name>'");
        }
        String lastUser = null;
        for (Message message : messages) {
            if (message.role() == Role.USER) {
                lastUser = message.content();
            }
        }
        if (lastUser == null) {
            throw new InvalidInputException("messages", "Field 'messages' must hold at least one user message");
        }
        return new ExecutePromptCommand(caller, model, lastUser.isBlank() ? "(empty)" : lastUser, parameters,
                requestId, idempotencyKey, cacheBypass, messages, outputSchema);
    }

    /** The stored prompt a chat command names, by name or id, when its model is {@code prompt:<ref>}. */
    public Optional<String> storedPrompt() {
        return isChat() && model.startsWith(PROMPT_PREFIX) ? Optional.of(model.substring(PROMPT_PREFIX.length()))
                : Optional.empty();
    }

    /** Whether this is a chat API command. */
    public boolean isChat() {
        return !messages.isEmpty();
    }

    public ExecutePromptCommand {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        messages = List.copyOf(messages);
        Objects.requireNonNull(outputSchema, "outputSchema");
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
