package io.promptengine.adapters.http;

import io.javalin.http.Context;
import io.promptengine.application.port.in.StreamObserver;
import io.promptengine.domain.execution.Execution;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * One {@code text/event-stream} answer: an {@code execution} event once the execution runs, a {@code delta} event
 * per piece of text, then {@code completed} with the route's own answer body, or {@code error} with the error
 * envelope. Everything said before the first event — the status, {@code X-Request-Id}, the rate-limit headers,
 * {@code X-Execution-Id} — goes out with it; a failure before it is an ordinary JSON error answer, since nothing was
 * sent yet. Each event is flushed as it is written, straight to the servlet stream: never buffered, never
 * compressed (Javalin compresses only results it is handed).
 *
 * <p>A write or flush that fails means the client hung up: the observer throws {@link ClientGoneException}, which
 * makes the core give up the model call and end the execution {@code cancelled}. One request, one thread.
 *
 * <p>For an {@code Idempotency-Key}, it also keeps the compact form of what it sent — the execution event, one
 * delta holding the whole text, and the last event — which is what a replay of the key streams.
 *
 * <p>How each event is written is its {@link Framing}: the native events above, or OpenAI's
 * {@code chat.completion.chunk} data lines ({@link OpenAiChunks}); the plumbing (headers, flushing, hang-up, replay)
 * is the same.
 */
final class EventStream implements StreamObserver {

    static final String CONTENT_TYPE = "text/event-stream; charset=utf-8";
    static final String MEDIA_TYPE = "text/event-stream";
    private static final String REPLAY_ATTRIBUTE = "promptengine.streamedAnswer";
    private static final String GONE_ATTRIBUTE = "promptengine.streamGone";

    /** What the client hanging up looks like to the core: the observer's exception. */
    static final class ClientGoneException extends RuntimeException {
        ClientGoneException(IOException cause) {
            super("The client closed the connection of its event stream", cause);
        }
    }

    /** The bytes of each event of one stream, in its wire format. */
    interface Framing {

        /** The first event, once the execution runs. */
        byte[] opening(Execution running);

        /** One piece of the answer's text. */
        byte[] delta(String text);

        /** The last event or events of a stream that completed; {@code body} is what the route's run returned. */
        byte[] completed(Object body);

        /** The last event of a stream that failed after it began; {@code envelope} is the error body, as JSON. */
        byte[] failed(byte[] envelope);
    }

    private final Context ctx;
    private final Framing framing;
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream compact = new ByteArrayOutputStream();
    private OutputStream out;
    private boolean gone;

    EventStream(Context ctx, Framing framing) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.framing = Objects.requireNonNull(framing, "framing");
    }

    /**
     * Answers with an event stream: {@code run} calls a streaming use case with this stream as its observer and
     * returns the body of the {@code completed} event. A failure before the first event is thrown, to be answered
     * as JSON; after it, it becomes the {@code error} event.
     */
    static void serve(Context ctx, Json json, ErrorMapping errors, Function<EventStream, Object> run) {
        serve(ctx, new NativeEvents(json), errors, run);
    }

    /** As {@link #serve(Context, Json, ErrorMapping, Function)}, in the wire format of {@code framing}. */
    static void serve(Context ctx, Framing framing, ErrorMapping errors, Function<EventStream, Object> run) {
        EventStream events = new EventStream(ctx, framing);
        Object body;
        try {
            body = run.apply(events);
        } catch (RuntimeException e) {
            if (!events.begun()) {
                throw e;
            }
            events.failed(() -> errors.streamedEnvelope(ctx, e));
            return;
        }
        events.completed(body);
    }

    /**
     * Whether the request asks for an event stream: {@code Accept: text/event-stream}, or {@code "stream": true}
     * in a body that has the field ({@code body} is empty for a tenant endpoint, whose body is its input).
     */
    static boolean requested(Context ctx, Optional<JsonNode> body) {
        if (body.isPresent() && RequestFields.optionalBoolean(body.get(), "stream").orElse(false)) {
            return true;
        }
        String accept = ctx.header("Accept");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains(MEDIA_TYPE);
    }

    @Override
    public void started(Execution running) {
        ctx.header(TenantEndpointRoutes.EXECUTION_ID_HEADER, running.id().value());
        ctx.header("Cache-Control", "no-cache");
        // tells a proxy such as nginx not to buffer the events
        ctx.header("X-Accel-Buffering", "no");
        ctx.status(200);
        ctx.res().setContentType(CONTENT_TYPE);
        try {
            out = ctx.res().getOutputStream();
        } catch (IOException e) {
            gone = true;
            throw new ClientGoneException(e);
        }
        byte[] event = framing.opening(running);
        compact.writeBytes(event);
        send(event);
    }

    @Override
    public void delta(String piece) {
        text.append(piece);
        send(framing.delta(piece));
    }

    /** Whether the first event was sent: from then on the answer is this stream, failures included. */
    boolean begun() {
        return out != null;
    }

    /** The last event of a stream that completed: the route's answer body. */
    void completed(Object body) {
        last(framing.completed(body));
    }

    /** The last event of a stream that failed after it began: the error envelope, unless the client is gone. */
    void failed(Supplier<byte[]> envelope) {
        if (gone) {
            ctx.attribute(GONE_ATTRIBUTE, Boolean.TRUE);
            return;
        }
        last(framing.failed(envelope.get()));
    }

    /** Whether the request's client hung up on its event stream: it never received an answer to replay. */
    static boolean clientGone(Context ctx) {
        return Boolean.TRUE.equals(ctx.attribute(GONE_ATTRIBUTE));
    }

    /**
     * The stream as a replay of its {@code Idempotency-Key} tells it, when the request had one and its stream
     * began; see {@link IdempotentRequests}.
     */
    static Optional<byte[]> replayOf(Context ctx) {
        return Optional.ofNullable(ctx.attribute(REPLAY_ATTRIBUTE));
    }

    private void last(byte[] event) {
        if (!text.isEmpty()) {
            compact.writeBytes(framing.delta(text.toString()));
        }
        compact.writeBytes(event);
        ctx.attribute(REPLAY_ATTRIBUTE, compact.toByteArray());
        try {
            send(event);
        } catch (ClientGoneException e) {
            // the execution has ended already; only its last event is lost
        }
    }

    private void send(byte[] event) {
        if (gone) {
            throw new ClientGoneException(new IOException("already closed"));
        }
        try {
            out.write(event);
            out.flush();
        } catch (IOException e) {
            gone = true;
            throw new ClientGoneException(e);
        }
    }

    /** Prompt Engine's own events: {@code execution}, {@code delta}, then {@code completed} or {@code error}. */
    private static final class NativeEvents implements Framing {

        private final Json json;

        NativeEvents(Json json) {
            this.json = Objects.requireNonNull(json, "json");
        }

        @Override
        public byte[] opening(Execution running) {
            return event("execution", json.write(Map.of("id", running.id().value(),
                    "status", running.status().wireName(), "model", running.request().model(),
                    "created_at", ExecutionBodies.time(running.createdAt()))));
        }

        @Override
        public byte[] delta(String text) {
            return event("delta", json.write(Map.of("text", text)));
        }

        @Override
        public byte[] completed(Object body) {
            return event("completed", json.write(body));
        }

        @Override
        public byte[] failed(byte[] envelope) {
            return event("error", envelope);
        }

        private static byte[] event(String name, byte[] payload) {
            byte[] head = ("event: " + name + "\ndata: ").getBytes(StandardCharsets.UTF_8);
            byte[] event = new byte[head.length + payload.length + 2];
            System.arraycopy(head, 0, event, 0, head.length);
            System.arraycopy(payload, 0, event, head.length, payload.length);
            event[event.length - 2] = '\n';
            event[event.length - 1] = '\n';
            return event;
        }
    }
}
