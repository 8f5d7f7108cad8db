package io.promptengine.adapters.http;

import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.ExecutePromptCommand;
import io.promptengine.domain.prompt.ModelParameters;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /v1/prompt/execute}, checked field by field in the wording of the public API document
 * (see {@link RequestFields}).
 */
record ExecuteRequest(String model, String input, OptionalDouble temperature, OptionalInt maxTokens, boolean async,
        boolean stream) {

    static final Set<String> FIELDS = Set.of("model", "input", "temperature", "max_tokens", "async", "stream");
    private static final String FIELD_LIST = "model, input, temperature, max_tokens, async, stream";

    static ExecuteRequest from(JsonNode body) {
        RequestFields.refuseUnknown(body, FIELDS, FIELD_LIST);
        return new ExecuteRequest(
                RequestFields.requiredString(body, "model"),
                RequestFields.requiredString(body, "input"),
                RequestFields.optionalNumber(body, "temperature"),
                RequestFields.optionalInteger(body, "max_tokens"),
                RequestFields.optionalBoolean(body, "async").orElse(false),
                RequestFields.optionalBoolean(body, "stream").orElse(false));
    }

    ExecutePromptCommand toCommand(Caller caller, String requestId, Optional<String> idempotencyKey,
            boolean cacheBypass) {
        return new ExecutePromptCommand(caller, model, input, new ModelParameters(temperature, maxTokens), requestId,
                idempotencyKey, cacheBypass);
    }
}
