package io.promptengine.adapters.http;

import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.ExecutePromptCommand;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.prompt.Message;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.prompt.Role;
import io.promptengine.domain.schema.SchemaContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The body of {@code POST /v1/chat/completions}, in OpenAI's wire format, read as far as an execution can honour
 * it. A field set to {@code null} counts as absent, as OpenAI reads it (some clients send every field). What
 * Prompt Engine cannot do is refused with a 400 naming the field rather than silently dropped: tools and function
 * calls, {@code n} above 1, log probabilities, non-text content parts and modalities, {@code stop},
 * {@code top_p} other than 1, non-zero penalties, a logit bias. Fields that change nothing about the answer
 * ({@code user}, {@code metadata}, {@code store}, {@code seed}, {@code service_tier}, ...) are accepted and ignored;
 * any other field is refused, as on every route.
 *
 * @param variables Prompt Engine's own field, for a stored prompt named as {@code prompt:<name>}: the JSON object
 *     its templates render with, written compactly with its keys sorted (so equal objects share a cache entry)
 * @param outputSchema from {@code response_format}: a {@code json_schema}'s schema, or for {@code json_object} the
 *     schema of any JSON object
 */
record ChatRequest(String model, List<Message> messages, ModelParameters parameters,
        Optional<SchemaContract> outputSchema, Optional<String> variables, boolean stream, boolean includeUsage) {

    /** Accepted and used, or checked against what an execution can do. */
    private static final Set<String> USED = Set.of("model", "messages", "temperature", "max_tokens",
            "max_completion_tokens", "top_p", "stop", "n", "stream", "stream_options", "response_format",
            "presence_penalty", "frequency_penalty", "logit_bias", "logprobs", "top_logprobs", "tools",
            "tool_choice", "functions", "function_call", "modalities", "audio", "prediction", "web_search_options",
            "variables");
    /** Accepted and ignored: they change nothing about the answer an execution gives. */
    private static final Set<String> IGNORED = Set.of("user", "metadata", "store", "seed", "service_tier",
            "parallel_tool_calls", "reasoning_effort", "safety_identifier", "prompt_cache_key", "verbosity");
    private static final String JSON_OBJECT_SCHEMA = "{\"type\":\"object\"}";

    ChatRequest {
        messages = List.copyOf(messages);
    }

    static ChatRequest from(JsonNode document, Json json) {
        ObjectNode body = withoutNulls(document);
        for (Map.Entry<String, JsonNode> property : body.properties()) {
            String name = property.getKey();
            if (!USED.contains(name) && !IGNORED.contains(name)) {
                throw new InvalidInputException(name, "Field '" + name + "' is not supported by this "
                        + "OpenAI-compatible API");
            }
        }
        refuseUnsupported(body);
        boolean stream = RequestFields.optionalBoolean(body, "stream").orElse(false);
        return new ChatRequest(RequestFields.requiredString(body, "model"), messages(body),
                new ModelParameters(RequestFields.optionalNumber(body, "temperature"), maxTokens(body)),
                outputSchema(body), variables(body, json), stream, includeUsage(body, stream));
    }

    ExecutePromptCommand toCommand(Caller caller, String requestId, Optional<String> idempotencyKey,
            boolean cacheBypass) {
        return ExecutePromptCommand.chat(caller, model, messages, parameters, outputSchema, variables, requestId,
                idempotencyKey, cacheBypass);
    }

    private static Optional<String> variables(ObjectNode body, Json json) {
        JsonNode variables = body.get("variables");
        if (variables == null) {
            return Optional.empty();
        }
        if (!variables.isObject()) {
            throw RequestFields.mustBe("variables", "a JSON object");
        }
        return Optional.of(json.canonical(variables));
    }

    private static ObjectNode withoutNulls(JsonNode document) {
        ObjectNode body = (ObjectNode) document.deepCopy();
        List<String> nulls = new ArrayList<>();
        body.properties().forEach(property -> {
            if (property.getValue().isNull()) {
                nulls.add(property.getKey());
            }
        });
        nulls.forEach(body::remove);
        return body;
    }

    /** The fields that ask for what an execution cannot give, refused by name. */
    private static void refuseUnsupported(ObjectNode body) {
        OptionalInt n = RequestFields.optionalInteger(body, "n");
        if (n.isPresent() && n.getAsInt() != 1) {
            throw new InvalidInputException("n", "Field 'n' must be 1: one choice per request is supported");
        }
        for (String field : List.of("tools", "functions")) {
            JsonNode value = body.get(field);
            if (value != null && !(value.isArray() && value.isEmpty())) {
                throw new InvalidInputException(field, "Field '" + field + "' is not supported: tool and "
                        + "function calling are not available on this API");
            }
        }
        for (String field : List.of("tool_choice", "function_call")) {
            JsonNode value = body.get(field);
            if (value != null && !(value.isString() && "none".equals(value.stringValue()))) {
                throw new InvalidInputException(field, "Field '" + field + "' is not supported: tool and "
                        + "function calling are not available on this API");
            }
        }
        if (RequestFields.optionalBoolean(body, "logprobs").orElse(false)) {
            throw new InvalidInputException("logprobs", "Field 'logprobs' is not supported: log probabilities "
                    + "are not available on this API");
        }
        if (RequestFields.optionalInteger(body, "top_logprobs").orElse(0) != 0) {
            throw new InvalidInputException("top_logprobs", "Field 'top_logprobs' is not supported");
        }
        if (RequestFields.optionalNumber(body, "top_p").orElse(1.0) != 1.0) {
            throw new InvalidInputException("top_p", "Field 'top_p' is not supported: only temperature "
                    + "adjusts sampling on this API (leave top_p out, or 1)");
        }
        for (String penalty : List.of("presence_penalty", "frequency_penalty")) {
            if (RequestFields.optionalNumber(body, penalty).orElse(0.0) != 0.0) {
                throw new InvalidInputException(penalty, "Field '" + penalty + "' is not supported (leave it "
                        + "out, or 0)");
            }
        }
        JsonNode bias = body.get("logit_bias");
        if (bias != null && !(bias.isObject() && bias.isEmpty())) {
            throw new InvalidInputException("logit_bias", "Field 'logit_bias' is not supported");
        }
        JsonNode stop = body.get("stop");
        if (stop != null && !(stop.isArray() && stop.isEmpty())) {
            throw new InvalidInputException("stop", "Field 'stop' is not supported: stop sequences are not "
                    + "available on this API");
        }
        JsonNode modalities = body.get("modalities");
        if (modalities != null && !(modalities.isArray() && modalities.size() == 1
                && "text".equals(modalities.get(0).asString()))) {
            throw new InvalidInputException("modalities", "Field 'modalities' must be [\"text\"]: only text "
                    + "answers are supported");
        }
        for (String field : List.of("audio", "prediction", "web_search_options")) {
            if (body.has(field)) {
                throw new InvalidInputException(field, "Field '" + field + "' is not supported");
            }
        }
    }

    /** {@code max_completion_tokens}, OpenAI's current name, or the older {@code max_tokens}; both must agree. */
    private static OptionalInt maxTokens(ObjectNode body) {
        OptionalInt completion = RequestFields.optionalInteger(body, "max_completion_tokens");
        OptionalInt legacy = RequestFields.optionalInteger(body, "max_tokens");
        if (completion.isPresent() && legacy.isPresent() && completion.getAsInt() != legacy.getAsInt()) {
            throw new InvalidInputException("max_completion_tokens", "Fields 'max_tokens' and "
                    + "'max_completion_tokens' disagree; send one");
        }
        OptionalInt tokens = completion.isPresent() ? completion : legacy;
        if (tokens.isPresent() && tokens.getAsInt() <= 0) {
            String field = completion.isPresent() ? "max_completion_tokens" : "max_tokens";
            throw new InvalidInputException(field, "Field '" + field + "' must be greater than 0");
        }
        return tokens;
    }

    private static boolean includeUsage(ObjectNode body, boolean stream) {
        JsonNode options = body.get("stream_options");
        if (options == null || options.isNull()) {
            return false;
        }
        if (!options.isObject()) {
            throw RequestFields.mustBe("stream_options", "an object");
        }
        if (!stream) {
            throw new InvalidInputException("stream_options", "Field 'stream_options' is only allowed when "
                    + "'stream' is true");
        }
        ObjectNode cleaned = withoutNulls(options);
        for (Map.Entry<String, JsonNode> property : cleaned.properties()) {
            if (!Set.of("include_usage", "include_obfuscation").contains(property.getKey())) {
                throw new InvalidInputException("stream_options." + property.getKey(), "Field 'stream_options."
                        + property.getKey() + "' is not supported; the field is include_usage");
            }
        }
        return RequestFields.optionalBoolean(cleaned, "include_usage").orElse(false);
    }

    private static List<Message> messages(ObjectNode body) {
        JsonNode value = body.get("messages");
        if (value == null) {
            throw InvalidInputException.required("messages");
        }
        if (!value.isArray() || value.isEmpty()) {
            throw RequestFields.mustBe("messages", "a non-empty array of messages");
        }
        List<Message> messages = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            messages.add(message(value.get(i), "messages[" + i + "]"));
        }
        return messages;
    }

    private static Message message(JsonNode node, String field) {
        if (!node.isObject()) {
            throw RequestFields.mustBe(field, "an object with 'role' and 'content'");
        }
        ObjectNode message = withoutNulls(node);
        for (Map.Entry<String, JsonNode> property : message.properties()) {
            if (!Set.of("role", "content", "name").contains(property.getKey())) {
                throw new InvalidInputException(field + "." + property.getKey(), "Field '" + field + "."
                        + property.getKey() + "' is not supported; a message has role, content and name");
            }
        }
        String role = RequestFields.requiredString(message, "role");
        Role parsed = switch (role) {
            case "system", "developer" -> Role.SYSTEM;
            case "user" -> Role.USER;
            case "assistant" -> Role.ASSISTANT;
            default -> throw new InvalidInputException(field + ".role", "Field '" + field + ".role' must be one "
                    + "of system, developer, user and assistant; '" + role + "' messages are not supported");
        };
        return new Message(parsed, content(message.get("content"), field + ".content"));
    }

    /** A string, or an array of text parts ({@code {"type": "text", "text": ...}}) joined in order. */
    private static String content(JsonNode content, String field) {
        if (content == null) {
            throw InvalidInputException.required(field);
        }
        if (content.isString()) {
            return content.stringValue();
        }
        if (!content.isArray()) {
            throw RequestFields.mustBe(field, "a string or an array of text parts");
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String partField = field + "[" + i + "]";
            if (!part.isObject()) {
                throw RequestFields.mustBe(partField, "an object such as {\"type\": \"text\", \"text\": \"...\"}");
            }
            String type = RequestFields.requiredString(part, "type");
            if (!"text".equals(type)) {
                throw new InvalidInputException(partField + ".type", "Content parts of type '" + type
                        + "' are not supported; only 'text' parts are");
            }
            text.append(RequestFields.requiredString(part, "text"));
        }
        return text.toString();
    }

    private static Optional<SchemaContract> outputSchema(ObjectNode body) {
        JsonNode format = body.get("response_format");
        if (format == null) {
            return Optional.empty();
        }
        if (!format.isObject()) {
            throw RequestFields.mustBe("response_format", "an object with a 'type'");
        }
        String type = RequestFields.requiredString(format, "type");
        switch (type) {
            case "text":
                return Optional.empty();
            case "json_object":
                return Optional.of(new SchemaContract(JSON_OBJECT_SCHEMA));
            case "json_schema":
                JsonNode spec = format.get("json_schema");
                if (spec == null || !spec.isObject()) {
                    throw new InvalidInputException("response_format.json_schema", "Field "
                            + "'response_format.json_schema' is required for type 'json_schema', as an object "
                            + "with 'name' and 'schema'");
                }
                RequestFields.requiredString(spec, "name");
                JsonNode schema = spec.get("schema");
                if (schema == null || !schema.isObject()) {
                    throw new InvalidInputException("response_format.json_schema.schema", "Field "
                            + "'response_format.json_schema.schema' must be a JSON Schema object");
                }
                return Optional.of(new SchemaContract(schema.toString()));
            default:
                throw new InvalidInputException("response_format.type", "Field 'response_format.type' must be "
                        + "one of text, json_object and json_schema");
        }
    }
}
