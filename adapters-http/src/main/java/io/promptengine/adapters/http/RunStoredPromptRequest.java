package io.promptengine.adapters.http;

import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.RunStoredPromptCommand;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.schema.SchemaContract;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /v1/prompt/{uuid}/{provider}}: {@code message}, and optionally {@code structured_data}
 * (a JSON Schema object), {@code conversation_id} and {@code variables} (an object); checked field by field.
 */
record RunStoredPromptRequest(String message, Optional<String> structuredData, Optional<String> conversationId,
        Optional<String> variables) {

    static final Set<String> FIELDS = Set.of("message", "structured_data", "conversation_id", "variables", "stream");
    private static final String FIELD_LIST = "message, structured_data, conversation_id, variables, stream";

    static RunStoredPromptRequest from(JsonNode body, Json json) {
        RequestFields.refuseUnknown(body, FIELDS, FIELD_LIST);
        // "stream" is read by the route (EventStream.requested), and checked here to be a boolean
        RequestFields.optionalBoolean(body, "stream");
        Optional<String> structuredData = optionalObject(body, "structured_data", json);
        if (structuredData.map(String::length).orElse(0) > SchemaContract.MAX_CHARS) {
            throw new InvalidInputException("structured_data",
                    "Field 'structured_data' must be at most " + SchemaContract.MAX_CHARS + " characters");
        }
        return new RunStoredPromptRequest(RequestFields.requiredString(body, "message"), structuredData,
                RequestFields.optionalString(body, "conversation_id"), optionalObject(body, "variables", json));
    }

    RunStoredPromptCommand toCommand(Caller caller, String promptId, String provider, String requestId,
            Optional<String> idempotencyKey) {
        return new RunStoredPromptCommand(caller, promptId, provider, message, structuredData.map(SchemaContract::new),
                conversationId, variables, requestId, idempotencyKey);
    }

    /** A JSON object member, as compact JSON text. */
    private static Optional<String> optionalObject(JsonNode body, String field, Json json) {
        JsonNode value = body.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isObject()) {
            throw RequestFields.mustBe(field, "an object");
        }
        return Optional.of(json.text(value));
    }
}
