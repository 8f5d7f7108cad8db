package io.promptengine.adapters.http;

import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionOutput;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answers of the OpenAI-compatible routes, in OpenAI's wire format: {@code chat.completion}, its streamed
 * {@code chat.completion.chunk}s, and the {@code list} of models. Written as ordered maps, not records, because
 * OpenAI's format has fields that are present and {@code null} ({@code logprobs}, {@code refusal}, a chunk's
 * {@code finish_reason}), which the adapter's records leave out.
 */
final class OpenAiBodies {

    private OpenAiBodies() {
    }

    /** The completion id: the execution's own, so that a client's log leads to {@code /v1/executions/{id}}. */
    static String completionId(Execution execution) {
        return "chatcmpl-" + execution.id().value();
    }

    static Map<String, Object> completion(Execution execution) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "assistant");
        message.put("content", content(execution));
        message.put("refusal", null);
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("message", message);
        choice.put("logprobs", null);
        choice.put("finish_reason", finishReason(execution));
        Map<String, Object> body = head(execution, "chat.completion");
        body.put("choices", List.of(choice));
        body.put("usage", usage(execution.usage()));
        return body;
    }

    /**
     * One chunk with a single choice holding {@code delta}; {@code usage} is {@code null} on every chunk of a
     * stream that asked for usage (OpenAI's rule: only the last one has it), and absent otherwise.
     */
    static Map<String, Object> chunk(Execution execution, Map<String, Object> delta, String finishReason,
            boolean includeUsage) {
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("delta", delta);
        choice.put("logprobs", null);
        choice.put("finish_reason", finishReason);
        Map<String, Object> body = head(execution, "chat.completion.chunk");
        body.put("choices", List.of(choice));
        if (includeUsage) {
            body.put("usage", null);
        }
        return body;
    }

    /** The last chunk of a stream that asked for usage: no choices, the execution's usage. */
    static Map<String, Object> usageChunk(Execution execution) {
        Map<String, Object> body = head(execution, "chat.completion.chunk");
        body.put("choices", List.of());
        body.put("usage", usage(execution.usage()));
        return body;
    }

    static Map<String, Object> models(List<String> models) {
        List<Map<String, Object>> data = new ArrayList<>(models.size());
        for (String model : models) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", model);
            entry.put("object", "model");
            // no provider says when its model was made; 0 is the epoch, a number as the SDKs require
            entry.put("created", 0);
            int slash = model.indexOf('/');
            entry.put("owned_by", model.startsWith(OpenAiRoutes.PROMPT_PREFIX) ? "tenant"
                    : slash > 0 ? model.substring(0, slash) : "prompt-engine");
            data.add(entry);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("object", "list");
        body.put("data", data);
        return body;
    }

    /** The answer's text, or the JSON document its output schema checked. */
    static String content(Execution execution) {
        return execution.output().map(output -> output.json().orElse(output.text())).orElse("");
    }

    static String finishReason(Execution execution) {
        FinishReason reason = execution.output().map(ExecutionOutput::finishReason).orElse(FinishReason.STOP);
        return switch (reason) {
            case LENGTH -> "length";
            case CONTENT_FILTER -> "content_filter";
            case TOOL_USE -> "tool_calls";
            case STOP, OTHER -> "stop";
        };
    }

    static Map<String, Object> usage(Usage usage) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("prompt_tokens", usage.inputTokens());
        body.put("completion_tokens", usage.outputTokens());
        body.put("total_tokens", usage.totalTokens());
        body.put("prompt_tokens_details", Map.of("cached_tokens", usage.cachedInputTokens()));
        body.put("completion_tokens_details", Map.of("reasoning_tokens", usage.reasoningTokens()));
        return body;
    }

    private static Map<String, Object> head(Execution execution, String object) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", completionId(execution));
        body.put("object", object);
        body.put("created", execution.createdAt().getEpochSecond());
        body.put("model", execution.request().model());
        return body;
    }
}
