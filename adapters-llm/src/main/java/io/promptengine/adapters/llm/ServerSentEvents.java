package io.promptengine.adapters.llm;

import io.promptengine.domain.error.UpstreamException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An incremental parser of a {@code text/event-stream} body (WHATWG HTML, "Server-sent events", event stream
 * interpretation): bytes go in as they arrive, split anywhere (inside a UTF-8 character, between a CR and its LF),
 * and each complete event comes out to the sink when its blank line arrives.
 *
 * <p>Lines end with LF, CRLF or CR; a line starting with {@code :} is a comment; {@code event}, {@code data},
 * {@code id} and {@code retry} are the fields (one space after the colon is dropped), others are ignored; several
 * {@code data} lines join with LF. A line is decoded as UTF-8 only once whole, so a character split across chunks
 * decodes right. A line or an event over {@code maxBytes} is an {@link UpstreamException}: a provider's event is a
 * few kilobytes, and the bound keeps a misbehaving server from filling the heap.
 */
public final class ServerSentEvents {

    /** The default bound of a line and of an event's data. */
    public static final int DEFAULT_MAX_BYTES = 1024 * 1024;

    /**
     * One dispatched event.
     *
     * @param type the {@code event} field, {@code message} when it had none
     * @param data the {@code data} lines joined with LF
     * @param id the last event id seen, empty when none
     */
    public record Event(String type, String data, String id) {
        public Event {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(id, "id");
        }
    }

    private final String label;
    private final int maxBytes;
    private final Consumer<Event> sink;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String type = "";
    private String lastId = "";
    private long retryMillis = -1;
    /** The last byte was a CR: an LF right after it ends nothing more. */
    private boolean afterCr;
    private boolean firstLine = true;

    /** @param label how messages name the server: {@code OpenAI} */
    public ServerSentEvents(String label, int maxBytes, Consumer<Event> sink) {
        this.label = Objects.requireNonNull(label, "label");
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        this.maxBytes = maxBytes;
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    public ServerSentEvents(String label, Consumer<Event> sink) {
        this(label, DEFAULT_MAX_BYTES, sink);
    }

    /** Feeds the next bytes; dispatches every event they complete, in order. */
    public void feed(ByteBuffer chunk) {
        while (chunk.hasRemaining()) {
            byte b = chunk.get();
            if (b == '\n') {
                if (afterCr) {
                    afterCr = false;
                    continue;
                }
                endLine();
            } else if (b == '\r') {
                afterCr = true;
                endLine();
            } else {
                afterCr = false;
                if (line.size() >= maxBytes) {
                    throw new UpstreamException(label + " streamed a line over " + maxBytes + " bytes");
                }
                line.write(b);
            }
        }
    }

    public void feed(byte[] bytes) {
        feed(ByteBuffer.wrap(bytes));
    }

    /** The last {@code retry} field, in milliseconds; -1 when none came. */
    public long retryMillis() {
        return retryMillis;
    }

    private void endLine() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (firstLine) {
            firstLine = false;
            if (text.startsWith("\uFEFF")) {
                // a byte order mark may open the stream; it is not part of the first field's name
                text = text.substring(1);
            }
        }
        if (text.isEmpty()) {
            dispatch();
            return;
        }
        if (text.charAt(0) == ':') {
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> type = value;
            case "data" -> {
                if (data.length() + value.length() + 1 > maxBytes) {
                    throw new UpstreamException(label + " streamed an event over " + maxBytes + " bytes");
                }
                data.append(value).append('\n');
                hasData = true;
            }
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastId = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.length() <= 18 && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    retryMillis = Long.parseLong(value);
                }
            }
            default -> {
                // unknown fields are ignored, as the spec says
            }
        }
    }

    private void dispatch() {
        if (!hasData) {
            // an event without data is not dispatched; its type is reset all the same
            type = "";
            return;
        }
        String joined = data.substring(0, data.length() - 1);
        Event event = new Event(type.isEmpty() ? "message" : type, joined, lastId);
        data.setLength(0);
        hasData = false;
        type = "";
        sink.accept(event);
    }
}
