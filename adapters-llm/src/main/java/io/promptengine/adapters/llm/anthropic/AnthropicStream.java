package io.promptengine.adapters.llm.anthropic;

import io.promptengine.adapters.llm.ProviderHttp;
import io.promptengine.adapters.llm.ServerSentEvents;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.application.port.out.StreamListener;
import io.promptengine.domain.error.UpstreamException;
import io.promptengine.domain.execution.Usage;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A streamed Messages answer: {@code message_start} (the usage so far: input and cache tokens), per content block
 * {@code content_block_start}, {@code content_block_delta} ({@code text_delta}, or {@code input_json_delta} for a
 * tool's input) and {@code content_block_stop}; {@code message_delta} (the stop reason, the cumulative output
 * tokens); {@code message_stop}; {@code ping} at any time; and {@code error}, which fails the call mid-stream
 * (an {@code overloaded_error} is retryable, as a 529 answer is).
 *
 * <p>What is streamed is what {@code complete} would answer: asked for structured output, the JSON input of the
 * {@value AnthropicMessages#OUTPUT_TOOL} tool, else the text blocks.
 */
final class AnthropicStream implements ProviderHttp.StreamSink {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    /** Error types that say Anthropic, not the request, failed: as 429, 500 and 529 answers, worth a retry. */
    private static final Set<String> TRANSIENT = Set.of("overloaded_error", "api_error", "rate_limit_error");

    private final boolean structured;
    private final StreamListener listener;
    private final ServerSentEvents events = new ServerSentEvents("Anthropic", this::event);
    private final StringBuilder text = new StringBuilder();
    /** Whether the block being streamed is one whose deltas are the answer. */
    private boolean answering;
    private boolean sawOutputTool;
    private String stopReason = "";
    private Usage usage = Usage.NONE;
    private boolean stopped;

    AnthropicStream(boolean structured, StreamListener listener) {
        this.structured = structured;
        this.listener = listener;
    }

    @Override
    public boolean accept(ByteBuffer chunk) {
        events.feed(chunk);
        return stopped;
    }

    @Override
    public void ended() {
        if (!stopped) {
            throw new UpstreamException("Anthropic ended its streamed answer before message_stop");
        }
    }

    ModelResponse response() {
        return new ModelResponse(text.toString(), usage,
                AnthropicMessages.finishReason(stopReason, sawOutputTool));
    }

    private void event(ServerSentEvents.Event event) {
        if (stopped) {
            return;
        }
        JsonNode data;
        try {
            data = JSON.readTree(event.data());
        } catch (JacksonException e) {
            throw new UpstreamException("Anthropic streamed an event that is not JSON");
        }
        if (data == null || !data.isObject()) {
            throw new UpstreamException("Anthropic streamed an event that is not a JSON object");
        }
        // the data's type is authoritative; the event line names the same type
        String type = data.path("type").asString(event.type());
        switch (type) {
            case "message_start" -> report(data.path("message").path("usage"));
            case "content_block_start" -> {
                JsonNode block = data.path("content_block");
                String blockType = block.path("type").asString("");
                boolean outputTool = blockType.equals("tool_use")
                        && AnthropicMessages.OUTPUT_TOOL.equals(block.path("name").asString(""));
                sawOutputTool |= outputTool;
                answering = structured ? outputTool : blockType.equals("text");
                if (answering && blockType.equals("text")) {
                    emit(block.path("text").asString(""));
                }
            }
            case "content_block_delta" -> {
                JsonNode delta = data.path("delta");
                if (answering) {
                    switch (delta.path("type").asString("")) {
                        case "text_delta" -> emit(delta.path("text").asString(""));
                        case "input_json_delta" -> emit(delta.path("partial_json").asString(""));
                        default -> {
                            // thinking, signatures and other deltas are not the answer
                        }
                    }
                }
            }
            case "content_block_stop" -> answering = false;
            case "message_delta" -> {
                JsonNode reason = data.path("delta").path("stop_reason");
                if (reason.isString()) {
                    stopReason = reason.asString();
                }
                report(data.path("usage"));
            }
            case "message_stop" -> stopped = true;
            case "error" -> throw failure(data.path("error"));
            default -> {
                // ping, and event types added later: the docs ask clients to ignore those they do not know
            }
        }
    }

    private UpstreamException failure(JsonNode error) {
        String type = error.path("type").asString("");
        String message = error.path("message").asString("");
        String failure = "Anthropic failed in the middle of its streamed answer" + (type.isEmpty() ? "" : ": " + type)
                + (message.isEmpty() ? "" : ": " + AnthropicMessages.quoted(message));
        return TRANSIENT.contains(type) ? UpstreamException.transientFailure(failure, Optional.empty(), null)
                : new UpstreamException(failure);
    }

    private void report(JsonNode reported) {
        if (reported.isObject()) {
            usage = AnthropicMessages.usage(reported, usage);
            listener.usage(usage);
        }
    }

    private void emit(String piece) {
        if (!piece.isEmpty()) {
            text.append(piece);
            listener.text(piece);
        }
    }
}
