package io.promptengine.adapters.http;

import io.promptengine.domain.execution.Execution;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * OpenAI's streamed chat completion as {@link EventStream} writes it: bare {@code data:} lines, each a
 * {@code chat.completion.chunk} — the first with the role, then content deltas, then one with the finish reason,
 * then the usage chunk (no choices) when {@code stream_options.include_usage} asked for it — and
 * {@code data: [DONE]}. A failure after the stream began is one {@code data:} line holding OpenAI's error object,
 * which the SDKs raise as an error; no {@code [DONE]} follows it.
 */
final class OpenAiChunks implements EventStream.Framing {

    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final Json json;
    private final boolean includeUsage;
    private Execution running;

    OpenAiChunks(Json json, boolean includeUsage) {
        this.json = Objects.requireNonNull(json, "json");
        this.includeUsage = includeUsage;
    }

    @Override
    public byte[] opening(Execution execution) {
        this.running = execution;
        return data(json.write(OpenAiBodies.chunk(execution, Map.of("role", "assistant", "content", ""), null,
                includeUsage)));
    }

    @Override
    public byte[] delta(String text) {
        return data(json.write(OpenAiBodies.chunk(running, Map.of("content", text), null, includeUsage)));
    }

    /** {@code body} is the completed execution, as {@link OpenAiRoutes} returns it from the stream. */
    @Override
    public byte[] completed(Object body) {
        Execution completed = (Execution) body;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(data(json.write(OpenAiBodies.chunk(completed, Map.of(), OpenAiBodies.finishReason(completed),
                includeUsage))));
        if (includeUsage) {
            out.writeBytes(data(json.write(OpenAiBodies.usageChunk(completed))));
        }
        out.writeBytes(DONE);
        return out.toByteArray();
    }

    @Override
    public byte[] failed(byte[] envelope) {
        return data(envelope);
    }

    private static byte[] data(byte[] payload) {
        byte[] head = "data: ".getBytes(StandardCharsets.US_ASCII);
        byte[] line = new byte[head.length + payload.length + 2];
        System.arraycopy(head, 0, line, 0, head.length);
        System.arraycopy(payload, 0, line, head.length, payload.length);
        line[line.length - 2] = '\n';
        line[line.length - 1] = '\n';
        return line;
    }
}
