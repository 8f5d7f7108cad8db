package io.promptengine.application.port.in;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /v1/prompts/{id}/versions/{version}/test}: run version number {@code version} of prompt
 * {@code promptId} on {@code input}.
 *
 * @param input a JSON object, as the endpoint's callers would send it
 */
public record TestPromptVersionCommand(Caller caller, String promptId, int version, String input, String requestId,
        Optional<String> idempotencyKey) {

    /** A command sent without an {@code Idempotency-Key}. */
    public TestPromptVersionCommand(Caller caller, String promptId, int version, String input, String requestId) {
        this(caller, promptId, version, input, requestId, Optional.empty());
    }

    public TestPromptVersionCommand {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(promptId, "promptId");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }
}
