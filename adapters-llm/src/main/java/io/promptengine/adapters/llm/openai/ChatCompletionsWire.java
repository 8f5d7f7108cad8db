package io.promptengine.adapters.llm.openai;

import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.domain.error.UpstreamException;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import io.promptengine.domain.prompt.Message;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI's Chat Completions wire format: our {@link ModelRequest} as the documented request body, and the documented
 * response and error bodies back as our types. Holds no HTTP and no credential.
 */
final class ChatCompletionsWire {

    /** The name OpenAI requires for a {@code json_schema} response format: letters, digits, {@code _} and {@code -}. */
    private static final String SCHEMA_NAME = "output";

    private final ObjectMapper json = JsonMapper.builder().build();
    private final String label;

    /** @param label how messages name the server: {@code OpenAI} */
    ChatCompletionsWire(String label) {
        this.label = label;
    }

    /** @param maxTokensField {@code max_completion_tokens} or {@code max_tokens}, whichever the server documents */
    byte[] requestBody(ModelRequest request, String maxTokensField) {
        return requestBody(request, maxTokensField, false);
    }

    /** @param stream whether to ask for a stream of chunks, the last one with the usage */
    byte[] requestBody(ModelRequest request, String maxTokensField, boolean stream) {
        ObjectNode body = json.createObjectNode();
        body.put("model", request.model());
        ArrayNode messages = body.putArray("messages");
        for (Message message : request.messages()) {
            messages.addObject().put("role", message.role().wireName()).put("content", message.content());
        }
        request.parameters().temperature().ifPresent(t -> body.put("temperature", t));
        request.parameters().maxTokens().ifPresent(n -> body.put(maxTokensField, n));
        request.outputSchema().ifPresent(schema -> {
            ObjectNode format = body.putObject("response_format").put("type", "json_schema");
            format.putObject("json_schema")
                    .put("name", SCHEMA_NAME)
                    .put("strict", false)
                    .set("schema", parse(schema.document(), "the output schema is not JSON"));
        });
        if (stream) {
            body.put("stream", true);
            body.putObject("stream_options").put("include_usage", true);
        }
        return json.writeValueAsBytes(body);
    }

    /** The answer of a 2xx reply: {@code choices[0].message.content}, {@code usage}, {@code finish_reason}. */
    ModelResponse response(byte[] body) {
        JsonNode root = parse(body);
        JsonNode choice = root.path("choices").path(0);
        if (!choice.isObject()) {
            throw new UpstreamException(label + " answered without a choice");
        }
        JsonNode message = choice.path("message");
        JsonNode content = message.path("content");
        String text = content.isString() ? content.asString()
                : message.path("refusal").isString() ? message.path("refusal").asString() : "";
        return new ModelResponse(text, usage(root.path("usage")),
                finishReason(choice.path("finish_reason").asString("")));
    }

    /**
     * A {@code usage} object: {@code prompt_tokens}, {@code completion_tokens}, and their details
     * {@code prompt_tokens_details.cached_tokens} and {@code completion_tokens_details.reasoning_tokens}, which
     * are parts of them (a server that says more is held to the totals rather than failing the call).
     */
    static Usage usage(JsonNode usage) {
        long input = Math.max(0, usage.path("prompt_tokens").asLong(0));
        long output = Math.max(0, usage.path("completion_tokens").asLong(0));
        long cached = Math.min(input, Math.max(0, usage.path("prompt_tokens_details").path("cached_tokens").asLong(0)));
        long reasoning = Math.min(output,
                Math.max(0, usage.path("completion_tokens_details").path("reasoning_tokens").asLong(0)));
        return new Usage(input, output, cached, 0, reasoning);
    }

    /** {@code error.code} of an error reply, when it is the documented JSON. */
    Optional<String> errorCode(byte[] body) {
        return errorField(body, "code");
    }

    /** {@code error.message} of an error reply, when it is the documented JSON. */
    Optional<String> errorMessage(byte[] body) {
        return errorField(body, "message");
    }

    private Optional<String> errorField(byte[] body, String field) {
        try {
            JsonNode value = json.readTree(body).path("error").path(field);
            return value.isString() && !value.asString().isBlank() ? Optional.of(value.asString()) : Optional.empty();
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    static FinishReason finishReason(String wire) {
        return switch (wire) {
            case "stop" -> FinishReason.STOP;
            case "length" -> FinishReason.LENGTH;
            case "content_filter" -> FinishReason.CONTENT_FILTER;
            case "tool_calls", "function_call" -> FinishReason.TOOL_USE;
            default -> FinishReason.OTHER;
        };
    }

    JsonNode parse(byte[] body) {
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            throw new UpstreamException(label + " answered with a body that is not JSON");
        }
    }

    private JsonNode parse(String document, String problem) {
        try {
            return json.readTree(document);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(problem);
        }
    }
}
