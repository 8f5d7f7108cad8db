package io.promptengine.adapters.llm.openai;

import io.promptengine.adapters.llm.ProviderHttp;
import io.promptengine.adapters.llm.ServerSentEvents;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.application.port.out.StreamListener;
import io.promptengine.domain.error.UpstreamException;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A streamed Chat Completions answer: {@code chat.completion.chunk} events, each a {@code data:} line, whose
 * {@code choices[0].delta} carries the next piece of {@code content} (also the JSON of a {@code json_schema}
 * answer), of a {@code refusal}, or of a tool call's {@code function.arguments}; the chunk with the
 * {@code finish_reason}; a last chunk with empty {@code choices} and the {@code usage} (asked for with
 * {@code stream_options.include_usage}); then {@code data: [DONE]}. A chunk with an {@code error} object fails the
 * call. A stream that ends with neither {@code [DONE]} nor a finish reason was cut short, and fails too.
 */
final class ChatCompletionsStream implements ProviderHttp.StreamSink {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final String label;
    private final StreamListener listener;
    private final ServerSentEvents events;
    private final StringBuilder text = new StringBuilder();
    private String finish = "";
    private Usage usage = Usage.NONE;
    private boolean done;

    ChatCompletionsStream(String label, StreamListener listener) {
        this.label = label;
        this.listener = listener;
        this.events = new ServerSentEvents(label, this::event);
    }

    @Override
    public boolean accept(ByteBuffer chunk) {
        events.feed(chunk);
        return done;
    }

    @Override
    public void ended() {
        if (!done && finish.isEmpty()) {
            throw new UpstreamException(label + " ended its streamed answer before it was complete");
        }
    }

    ModelResponse response() {
        return new ModelResponse(text.toString(), usage, ChatCompletionsWire.finishReason(finish));
    }

    private void event(ServerSentEvents.Event event) {
        if (done) {
            return;
        }
        String data = event.data().strip();
        if (data.equals("[DONE]")) {
            done = true;
            return;
        }
        JsonNode chunk;
        try {
            chunk = JSON.readTree(data.getBytes(StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw new UpstreamException(label + " streamed an event that is not JSON");
        }
        if (chunk == null || !chunk.isObject()) {
            throw new UpstreamException(label + " streamed an event that is not a JSON object");
        }
        JsonNode error = chunk.path("error");
        if (error.isObject()) {
            String message = error.path("message").asString("");
            String type = error.path("type").asString("");
            throw new UpstreamException(label + " failed in the middle of its streamed answer"
                    + (type.isEmpty() ? "" : " (" + quoted(type) + ")")
                    + (message.isEmpty() ? "" : ": " + quoted(message)));
        }
        for (JsonNode choice : chunk.path("choices")) {
            if (choice.path("index").asInt(0) != 0) {
                continue;
            }
            JsonNode delta = choice.path("delta");
            emit(delta.path("content"));
            emit(delta.path("refusal"));
            for (JsonNode call : delta.path("tool_calls")) {
                emit(call.path("function").path("arguments"));
            }
            JsonNode reason = choice.path("finish_reason");
            if (reason.isString() && !reason.asString().isEmpty()) {
                finish = reason.asString();
            }
        }
        JsonNode reported = chunk.path("usage");
        if (reported.isObject()) {
            usage = ChatCompletionsWire.usage(reported);
            listener.usage(usage);
        }
    }

    private void emit(JsonNode piece) {
        if (piece.isString() && !piece.asString().isEmpty()) {
            text.append(piece.asString());
            listener.text(piece.asString());
        }
    }

    private static String quoted(String message) {
        return message.length() <= 500 ? message : message.substring(0, 500) + "…";
    }

    /** The finish reason as ours, for tests. */
    FinishReason finishReason() {
        return ChatCompletionsWire.finishReason(finish);
    }
}
