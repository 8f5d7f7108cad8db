package io.promptengine.adapters.llm.anthropic;

import io.promptengine.adapters.llm.RetryAfter;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.error.PromptEngineException;
import io.promptengine.domain.error.UpstreamException;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import io.promptengine.domain.prompt.Message;
import io.promptengine.domain.prompt.Role;
import io.promptengine.domain.schema.SchemaContract;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Messages API wire format (version {@code 2023-06-01}): our request to its JSON body, its answer and its
 * errors to ours.
 *
 * <ul>
 *   <li>System messages go, joined by a blank line, to the top-level {@code system}; user and assistant messages to
 *       {@code messages} with string content.
 *   <li>{@code max_tokens} is required by Anthropic: the request's, or {@value #DEFAULT_MAX_TOKENS}.
 *   <li>Structured output is a tool {@value #OUTPUT_TOOL} whose {@code input_schema} is the output schema, forced
 *       with {@code tool_choice}; its {@code tool_use} block's {@code input} is the answer, as JSON text, and the
 *       {@code tool_use} stop it causes is a {@link FinishReason#STOP}: the model answered as asked.
 *   <li>Stop reasons: {@code end_turn}, {@code stop_sequence} → STOP; {@code max_tokens} → LENGTH; {@code refusal}
 *       → CONTENT_FILTER; {@code tool_use} of another tool → TOOL_USE; anything else → OTHER.
 * </ul>
 */
final class AnthropicMessages {

    static final int DEFAULT_MAX_TOKENS = 1024;
    static final String OUTPUT_TOOL = "structured_output";
    private static final int MAX_QUOTED_CHARS = 500;
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    String requestBody(ModelRequest request) {
        return requestBody(request, false);
    }

    /** @param stream whether to ask for the answer as a stream of events */
    String requestBody(ModelRequest request, boolean stream) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", request.model());
        body.put("max_tokens", request.parameters().maxTokens().orElse(DEFAULT_MAX_TOKENS));
        StringBuilder system = new StringBuilder();
        ArrayNode messages = body.putArray("messages");
        for (Message message : request.messages()) {
            if (message.role() == Role.SYSTEM) {
                system.append(system.isEmpty() ? "" : "\n\n").append(message.content());
            } else {
                messages.addObject().put("role", message.role().wireName()).put("content", message.content());
            }
        }
        if (!system.isEmpty()) {
            body.put("system", system.toString());
        }
        request.parameters().temperature().ifPresent(t -> body.put("temperature", t));
        request.outputSchema().ifPresent(schema -> {
            body.putArray("tools").addObject()
                    .put("name", OUTPUT_TOOL)
                    .put("description", "Give the answer as a JSON document that satisfies the input schema.")
                    .set("input_schema", schemaNode(schema));
            body.putObject("tool_choice").put("type", "tool").put("name", OUTPUT_TOOL);
        });
        if (stream) {
            body.put("stream", true);
        }
        return JSON.writeValueAsString(body);
    }

    ModelResponse response(String body) {
        JsonNode root = parse(body);
        JsonNode content = root.path("content");
        JsonNode usage = root.path("usage");
        if (!content.isArray() || !usage.path("input_tokens").isIntegralNumber()
                || !usage.path("output_tokens").isIntegralNumber()) {
            throw new UpstreamException("Anthropic answered a message without content or usage");
        }
        StringBuilder text = new StringBuilder();
        boolean structured = false;
        for (JsonNode block : content) {
            String type = block.path("type").asString("");
            if (type.equals("text")) {
                text.append(block.path("text").asString(""));
            } else if (type.equals("tool_use") && OUTPUT_TOOL.equals(block.path("name").asString(""))) {
                text.setLength(0);
                text.append(JSON.writeValueAsString(block.path("input")));
                structured = true;
                break;
            }
        }
        Usage tokens = usage(usage, Usage.NONE);
        return new ModelResponse(text.toString(), tokens, finishReason(root.path("stop_reason").asString(""), structured));
    }

    /**
     * A {@code usage} object as ours: Anthropic's {@code input_tokens} are only those neither read from nor written
     * to the cache, so our input is {@code input_tokens + cache_read_input_tokens + cache_creation_input_tokens},
     * of which the cache fields are the cached and cache-write parts. A field the object lacks keeps its value in
     * {@code before} (a {@code message_delta} reports the output so far, the input came in {@code message_start}).
     */
    static Usage usage(JsonNode usage, Usage before) {
        long uncached = usage.has("input_tokens") ? nonNegative(usage.path("input_tokens"))
                : before.uncachedInputTokens();
        long read = usage.has("cache_read_input_tokens") ? nonNegative(usage.path("cache_read_input_tokens"))
                : before.cachedInputTokens();
        long written = usage.has("cache_creation_input_tokens")
                ? nonNegative(usage.path("cache_creation_input_tokens")) : before.cacheWriteTokens();
        long output = usage.has("output_tokens") ? nonNegative(usage.path("output_tokens")) : before.outputTokens();
        return new Usage(uncached + read + written, output, read, written, 0);
    }

    private static long nonNegative(JsonNode value) {
        return Math.max(0, value.asLong(0));
    }

    /** An answer other than 200, as our exception; quotes Anthropic's error message, never our request headers. */
    PromptEngineException error(int status, String body, Optional<Duration> retryAfter) {
        if (status == 401 || status == 403) {
            return UpstreamException.answered(status, "The configured Anthropic credentials were rejected (HTTP "
                    + status + ")", false, Optional.empty(), null);
        }
        String type = "";
        String message = "";
        try {
            JsonNode error = JSON.readTree(body).path("error");
            type = error.path("type").asString("");
            message = error.path("message").asString("");
        } catch (JacksonException e) {
            // not JSON (a proxy's page, a cut body): the status alone says what happened
        }
        if (status == 400 && isPromptTooLong(message)) {
            return new InvalidInputException("The prompt exceeds the model's context window: " + quoted(message));
        }
        String detail = (type.isEmpty() ? "" : " " + type) + (message.isEmpty() ? "" : ": " + quoted(message));
        String failure = "Anthropic answered HTTP " + status + detail;
        return RetryAfter.isTransient(status) ? UpstreamException.answered(status, failure, true, retryAfter, null)
                : UpstreamException.answered(status, failure, false, Optional.empty(), null);
    }

    private static boolean isPromptTooLong(String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        return lower.contains("prompt is too long") || lower.contains("context window")
                || lower.contains("context length");
    }

    static FinishReason finishReason(String stopReason, boolean structured) {
        return switch (stopReason) {
            case "end_turn", "stop_sequence" -> FinishReason.STOP;
            case "max_tokens" -> FinishReason.LENGTH;
            case "refusal" -> FinishReason.CONTENT_FILTER;
            case "tool_use" -> structured ? FinishReason.STOP : FinishReason.TOOL_USE;
            default -> FinishReason.OTHER;
        };
    }

    private static JsonNode schemaNode(SchemaContract schema) {
        try {
            return JSON.readTree(schema.document());
        } catch (JacksonException e) {
            throw new InvalidInputException("schema", "The output schema is not a JSON document");
        }
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null || !root.isObject()) {
                throw new UpstreamException("Anthropic answered something other than a JSON object");
            }
            return root;
        } catch (JacksonException e) {
            throw new UpstreamException("Anthropic answered malformed JSON");
        }
    }

    static String quoted(String message) {
        return message.length() <= MAX_QUOTED_CHARS ? message : message.substring(0, MAX_QUOTED_CHARS) + "…";
    }
}
