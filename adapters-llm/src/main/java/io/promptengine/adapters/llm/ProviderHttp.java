package io.promptengine.adapters.llm;

import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.domain.error.DeadlineExceededException;
import io.promptengine.domain.error.UpstreamException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.ResponseInfo;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One HTTP call to a provider whose answer, headers and whole body, is read by the execution's deadline, or not at
 * all: the call is then given up, its connection closed, and the caller's thread returns at the deadline.
 *
 * <p>Why not {@code HttpRequest.timeout} alone: before JDK 26 (JDK-8208693) it bounds the wait for the response
 * headers only, so a provider that sends its headers and then stalls would hold a blocking body read past any
 * deadline. Here the body is collected by a subscriber that a timer abandons at the deadline: it cancels its
 * subscription, which makes java.net.http close an HTTP/1.1 connection rather than return it to the pool (data may
 * be left on it) and reset an HTTP/2 stream, and ends the caller's blocking {@code send}. The subscriber also
 * bounds the body's size.
 *
 * <p>Why the blocking {@code send} and not {@code sendAsync}: {@code sendAsync} hands every completed exchange to
 * {@code CompletableFuture}'s default executor before its caller sees it, and on a machine of two cores (a common
 * pool of parallelism 1) that executor starts a new thread for each task: a thread per provider call. The
 * blocking send completes on the client's own threads. A stream still uses {@code sendAsync} (one hand-off for a
 * whole stream is nothing).
 *
 * <p>The failures keep the core's retry policy honest: a connection that fails before the status line arrives is
 * transient (nothing was done); one that breaks, or a body that is too large, once the status arrived is not (the
 * provider may have done and billed the work); the deadline itself is a {@link DeadlineExceededException}, which no
 * one retries. No message carries a header, so none carries a credential.
 */
public final class ProviderHttp {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final String label;
    private final int maxBodyBytes;
    private final Clock clock;
    private final HttpClient http;

    /**
     * @param label how messages name the provider: {@code OpenAI}, {@code Anthropic}
     * @param maxBodyBytes the largest answer body accepted; a larger one is an {@link UpstreamException}
     */
    public ProviderHttp(String label, int maxBodyBytes, Clock clock) {
        this.label = Objects.requireNonNull(label, "label");
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("maxBodyBytes must be positive");
        }
        this.maxBodyBytes = maxBodyBytes;
        this.clock = Objects.requireNonNull(clock, "clock");
        // the client's own tasks (parsing an answer, handing its bytes to our subscribers, which never block) run
        // on its selector thread instead of hopping to a pool thread and back: one thread hand-off less per call
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).executor(Runnable::run).build();
    }

    /**
     * A request to {@code uri} in the HTTP version to use there: HTTP/2 over TLS (negotiated by ALPN, HTTP/1.1 when
     * the provider does not offer it), HTTP/1.1 over plain {@code http}. Why not HTTP/2 everywhere: on a cleartext
     * URL java.net.http asks for HTTP/2 with an {@code Upgrade: h2c} request, which the servers behind such URLs
     * (a local model server, a proxy on loopback, a sidecar) almost never accept; measured through an
     * OpenAI-compatible stub on loopback, dropping that attempt raised the throughput of the provider path by half
     * (bench/README.md, <em>Profiles</em>).
     */
    public static HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder call = HttpRequest.newBuilder(uri);
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            call.version(HttpClient.Version.HTTP_1_1);
        }
        return call;
    }

    /**
     * A request to {@code uri} for the model call {@code made}, as {@link #request(URI)}, carrying the call's span
     * on as the W3C {@code traceparent} header when the call is traced.
     */
    public static HttpRequest.Builder request(URI uri, ModelRequest made) {
        HttpRequest.Builder call = request(uri);
        made.traceParent().ifPresent(trace -> call.header(TRACEPARENT, trace.value()));
        return call;
    }

    /** The header of W3C Trace Context that names the caller's span. */
    static final String TRACEPARENT = "traceparent";

    /** A whole answer: its status, headers and body. */
    public record Answer(int status, HttpHeaders headers, byte[] body) {
        public Answer {
            Objects.requireNonNull(headers, "headers");
            Objects.requireNonNull(body, "body");
        }
    }

    /**
     * Sends {@code call} and reads its whole answer before {@code deadline}.
     *
     * @param model named in the message when the deadline passes
     * @throws DeadlineExceededException when the deadline has passed or passes before the answer is read
     * @throws UpstreamException when the connection fails or the body is too large
     */
    public Answer send(HttpRequest.Builder call, String model, Instant deadline) {
        Duration left = Duration.between(clock.now(), deadline);
        if (left.isNegative() || left.isZero()) {
            throw late(model);
        }
        AnswerBody body = AnswerBody.whole(maxBodyBytes);
        // HttpRequest.timeout bounds the wait for the headers; the body's read is bounded by this timer, which
        // abandons it (closing the connection) and so ends the blocking send below
        ScheduledFuture<?> expiry = DEADLINES.schedule(body::abandon, left.toNanos(), TimeUnit.NANOSECONDS);
        try {
            HttpResponse<byte[]> response = http.send(call.timeout(left).build(), body);
            return new Answer(response.statusCode(), response.headers(), response.body());
        } catch (InterruptedException e) {
            body.abandon();
            Thread.currentThread().interrupt();
            throw new UpstreamException("The call to " + label + " was interrupted", e);
        } catch (IOException e) {
            body.abandon();
            Throwable cause = rootOf(e);
            if (cause instanceof Abandoned || cause instanceof HttpTimeoutException
                    && !(cause instanceof HttpConnectTimeoutException)) {
                throw late(model);
            }
            throw failure(cause, body.status(), model, deadline);
        } catch (RuntimeException e) {
            body.abandon();
            throw failure(rootOf(e), body.status(), model, deadline);
        } finally {
            expiry.cancel(false);
        }
    }

    /**
     * The timer of the answers' deadlines: one thread while any call is under way, none when idle (a host that
     * embeds the engine keeps no thread of it after its last call).
     */
    private static final ScheduledThreadPoolExecutor DEADLINES = deadlines();

    private static ScheduledThreadPoolExecutor deadlines() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(0, runnable -> {
            Thread thread = new Thread(runnable, "pe-provider-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        timer.setKeepAliveTime(1, TimeUnit.SECONDS);
        return timer;
    }

    /**
     * java.net.http's blocking send rethrows a failure as a new exception of a similar type with the original as
     * its cause; the original says what happened.
     */
    private static Throwable rootOf(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause
                && (cause.getClass() == IOException.class || cause instanceof CompletionException
                        || cause instanceof ExecutionException || cause.getCause() instanceof BodyTooLarge
                        || cause.getCause() instanceof Abandoned)) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** How long, and how many bytes, a stream's body is read past its end so its connection can be reused. */
    private static final Duration DRAIN_AFTER_END = Duration.ofMillis(100);
    private static final long DRAIN_AFTER_END_BYTES = 16 * 1024;

    /** The default for {@code stream_idle_timeout_ms}: how long a stream may stay silent. */
    public static final Duration DEFAULT_STREAM_IDLE = Duration.ofSeconds(30);
    /** The bounds of {@code stream_idle_timeout_ms}. */
    public static final Duration MIN_STREAM_IDLE = Duration.ofMillis(100);
    public static final Duration MAX_STREAM_IDLE = Duration.ofMinutes(10);

    /** Checks a configured idle limit against its bounds. */
    public static Duration streamIdle(Duration idle) {
        Objects.requireNonNull(idle, "idle");
        if (idle.compareTo(MIN_STREAM_IDLE) < 0 || idle.compareTo(MAX_STREAM_IDLE) > 0) {
            throw new IllegalArgumentException("the stream idle timeout is from " + MIN_STREAM_IDLE.toMillis()
                    + " to " + MAX_STREAM_IDLE.toMillis() + " ms, not " + idle.toMillis());
        }
        return idle;
    }

    /** What a provider's stream parser does with the body of a 2xx answer, chunk by chunk. */
    public interface StreamSink {

        /**
         * Takes the next bytes of the body. Returns {@code true} once the stream said it is over ({@code [DONE]},
         * {@code message_stop}): the exchange then ends without waiting for the connection to close. May throw to
         * stop the exchange (a listener that hung up, an {@code error} event); the exception comes through as is.
         */
        boolean accept(ByteBuffer chunk);

        /** The body ended, cleanly, without {@link #accept} having said the stream is over. */
        void ended();
    }

    /**
     * Sends {@code call} and, when it answers 2xx, hands its body to {@code sink} as it arrives, on this thread.
     * The whole exchange ends by {@code deadline} ({@link DeadlineExceededException}), and a body silent for
     * {@code idle} is an {@link UpstreamException}. Whatever ends it (its end, a timeout, the sink throwing), the
     * exchange is given up and its connection closed before this returns, so the provider stops generating.
     *
     * @return the answer when it is not 2xx, its body read whole (bounded) for the caller to map as for
     *     {@link #send}; for a 2xx answer, its status and headers with an empty body, once the stream is over
     */
    public Answer stream(HttpRequest.Builder call, String model, Instant deadline, Duration idle, StreamSink sink) {
        Duration left = Duration.between(clock.now(), deadline);
        if (left.isNegative() || left.isZero()) {
            throw late(model);
        }
        AnswerBody body = AnswerBody.streamed(maxBodyBytes);
        CompletableFuture<HttpResponse<byte[]>> sent = http.sendAsync(call.timeout(left).build(), body);
        try {
            HttpResponse<byte[]> response = sent.get(left.toNanos(), TimeUnit.NANOSECONDS);
            if (response.statusCode() < 200 || response.statusCode() > 299) {
                return new Answer(response.statusCode(), response.headers(), response.body());
            }
            try {
                read(body.chunks, response.statusCode(), model, deadline, idle, sink);
            } catch (UpstreamException unusable) {
                throw unusable.onAnswer(response.statusCode());
            }
            return new Answer(response.statusCode(), response.headers(), new byte[0]);
        } catch (TimeoutException e) {
            throw late(model);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamException("The call to " + label + " was interrupted", e);
        } catch (ExecutionException e) {
            throw failure(cause(e), body.status(), model, deadline);
        } finally {
            body.abandon();
            sent.cancel(true);
        }
    }

    private void read(java.util.concurrent.BlockingQueue<Object> chunks, int status, String model, Instant deadline,
            Duration idle, StreamSink sink) throws InterruptedException {
        boolean bodyBegan = false;
        while (true) {
            Instant now = clock.now();
            Duration toDeadline = Duration.between(now, deadline);
            if (toDeadline.isNegative() || toDeadline.isZero()) {
                throw late(model);
            }
            boolean idleFirst = idle.compareTo(toDeadline) < 0;
            Object next = chunks.poll((idleFirst ? idle : toDeadline).toNanos(), TimeUnit.NANOSECONDS);
            if (next == null) {
                if (idleFirst) {
                    throw new UpstreamException(label + " went silent for " + idleSeconds(idle) + " s " + (bodyBegan
                            ? "in the middle of its streamed answer" : "after the headers of its streamed answer"));
                }
                throw late(model);
            }
            if (next == StreamingSubscriber.END) {
                sink.ended();
                return;
            }
            if (next instanceof Throwable failure) {
                throw failure(failure, OptionalInt.of(status), model, deadline);
            }
            StreamingSubscriber.Chunk chunk = (StreamingSubscriber.Chunk) next;
            bodyBegan = true;
            for (ByteBuffer buffer : chunk.buffers()) {
                if (sink.accept(buffer)) {
                    chunk.more().run();
                    drainRest(chunks);
                    return;
                }
            }
            chunk.more().run();
        }
    }

    /**
     * Reads what follows the stream's own end ({@code [DONE]}, {@code message_stop}): usually only the body's last
     * chunk, after which java.net.http returns the connection to its pool, so the next call skips a new TCP and TLS
     * handshake; given up before it, the exchange closes its connection. A body that goes on is given up after
     * {@link #DRAIN_AFTER_END} or {@link #DRAIN_AFTER_END_BYTES}.
     */
    private static void drainRest(java.util.concurrent.BlockingQueue<Object> chunks) throws InterruptedException {
        long giveUpAt = System.nanoTime() + DRAIN_AFTER_END.toNanos();
        long drained = 0;
        while (drained <= DRAIN_AFTER_END_BYTES) {
            long left = giveUpAt - System.nanoTime();
            Object next = left > 0 ? chunks.poll(left, TimeUnit.NANOSECONDS) : null;
            if (!(next instanceof StreamingSubscriber.Chunk chunk)) {
                return;
            }
            for (ByteBuffer buffer : chunk.buffers()) {
                drained += buffer.remaining();
            }
            chunk.more().run();
        }
    }

    private static String idleSeconds(Duration idle) {
        long millis = idle.toMillis();
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : String.format(java.util.Locale.ROOT, "%.1f",
                millis / 1000.0);
    }

    /**
     * Cancelling the subscription closes the connection of an answer whose headers arrived; cancelling the future
     * (JDK 16+) ends an exchange still waiting for them. Either is harmless once the exchange is over.
     */
    private static void abandon(CompletableFuture<?> sent, AnswerBody body) {
        body.abandon();
        sent.cancel(true);
    }

    private RuntimeException failure(Throwable cause, OptionalInt status, String model, Instant deadline) {
        if (cause instanceof BodyTooLarge) {
            return new UpstreamException(label + " answered with a body over " + maxBodyBytes + " bytes");
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return UpstreamException.transientFailure("Could not connect to " + label + " in time", Optional.empty(),
                    cause);
        }
        if (!clock.now().isBefore(deadline)) {
            // HttpRequest.timeout fired, or the connection failed because the deadline had come: either way, late
            return late(model);
        }
        if (!(cause instanceof IOException)) {
            return new UpstreamException("The call to " + label + " failed: " + detail(cause), cause);
        }
        if (status.isEmpty()) {
            return UpstreamException.transientFailure("The connection to " + label + " failed before an answer "
                    + "arrived: " + detail(cause), Optional.empty(), cause);
        }
        return UpstreamException.answered(status.getAsInt(), "The connection to " + label
                + " broke while its answer (HTTP " + status.getAsInt() + ") was read: " + detail(cause), false,
                Optional.empty(), cause);
    }

    private DeadlineExceededException late(String model) {
        return new DeadlineExceededException(label + " model '" + model + "' did not answer before the deadline");
    }

    private static Throwable cause(ExecutionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** java.net.http's exception messages name the host at most, never a header, so they are safe to quote. */
    private static String detail(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The answer was given up by its reader (its deadline passed, or its thread was interrupted). */
    private static final class Abandoned extends IOException {
        Abandoned() {
            super("abandoned", null);
        }
    }

    /** The answer's body would pass the size bound. */
    private static final class BodyTooLarge extends IOException {
        BodyTooLarge() {
            super("body too large", null);
        }
    }

    /**
     * Collects the body up to {@code limit} bytes. java.net.http calls {@code onNext} serially; {@link #cancel}
     * comes from another thread, so the subscription is handed over through an atomic reference: whichever of
     * {@code onSubscribe} and {@code cancel} comes second cancels it.
     */
    private static final class Subscriber implements BodySubscriber<byte[]> {

        private static final Flow.Subscription CANCELLED = new Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
            }
        };

        private final int limit;
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Subscriber(int limit) {
            this.limit = limit;
        }

        @Override
        public void onSubscribe(Flow.Subscription given) {
            if (!subscription.compareAndSet(null, given)) {
                given.cancel();
                return;
            }
            given.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                if (buffer.remaining() > limit - bytes.size()) {
                    body.completeExceptionally(new BodyTooLarge());
                    cancel();
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable failure) {
            body.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }

        @Override
        public CompletableFuture<byte[]> getBody() {
            return body;
        }

        /** Stops reading: the connection is closed, and a caller still waiting for the body learns it at once. */
        void cancel() {
            Flow.Subscription current = subscription.getAndSet(CANCELLED);
            if (current != null) {
                current.cancel();
            }
            body.completeExceptionally(new Abandoned());
        }
    }

    /**
     * The body handler of an exchange. It remembers the answer's status, so a failure can tell "before the answer"
     * from "while reading it", and {@link #abandon} may come from the caller's thread at any moment: before the
     * headers (the subscriber made later starts cancelled), or while reading. A body is collected whole, bounded; of a streamed
     * exchange ({@link #streamed}), a 2xx body goes chunk by chunk to a queue the caller's thread reads instead (one
     * chunk asked for at a time, so the queue stays short), and the response's future completes at the headers.
     */
    private static final class AnswerBody implements HttpResponse.BodyHandler<byte[]> {

        final java.util.concurrent.BlockingQueue<Object> chunks = new java.util.concurrent.LinkedBlockingQueue<>();
        private final int limit;
        private final boolean streamed;
        private volatile boolean abandoned;
        private volatile int status = -1;
        private volatile Runnable cancel;

        private AnswerBody(int limit, boolean streamed) {
            this.limit = limit;
            this.streamed = streamed;
        }

        static AnswerBody whole(int limit) {
            return new AnswerBody(limit, false);
        }

        static AnswerBody streamed(int limit) {
            return new AnswerBody(limit, true);
        }

        @Override
        public BodySubscriber<byte[]> apply(ResponseInfo info) {
            status = info.statusCode();
            BodySubscriber<byte[]> made;
            if (streamed && info.statusCode() >= 200 && info.statusCode() <= 299) {
                StreamingSubscriber streaming = new StreamingSubscriber(chunks);
                cancel = streaming::cancel;
                made = streaming;
            } else {
                Subscriber whole = new Subscriber(limit);
                cancel = whole::cancel;
                made = whole;
            }
            if (abandoned) {
                cancel.run();
            }
            return made;
        }

        OptionalInt status() {
            int seen = status;
            return seen < 0 ? OptionalInt.empty() : OptionalInt.of(seen);
        }

        void abandon() {
            abandoned = true;
            Runnable made = cancel;
            if (made != null) {
                made.run();
            }
        }
    }

    /** Hands each chunk of a streamed body to the queue and asks for the next one once the reader took it. */
    private static final class StreamingSubscriber implements BodySubscriber<byte[]> {

        static final Object END = new Object();

        record Chunk(List<ByteBuffer> buffers, Runnable more) {
        }

        private final java.util.concurrent.BlockingQueue<Object> chunks;
        private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
        private final CompletableFuture<byte[]> body = CompletableFuture.completedFuture(new byte[0]);

        StreamingSubscriber(java.util.concurrent.BlockingQueue<Object> chunks) {
            this.chunks = chunks;
        }

        @Override
        public void onSubscribe(Flow.Subscription given) {
            if (!subscription.compareAndSet(null, given)) {
                given.cancel();
                return;
            }
            given.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            chunks.add(new Chunk(buffers, this::more));
        }

        @Override
        public void onError(Throwable failure) {
            chunks.add(failure);
        }

        @Override
        public void onComplete() {
            chunks.add(END);
        }

        @Override
        public CompletableFuture<byte[]> getBody() {
            return body;
        }

        private void more() {
            Flow.Subscription current = subscription.get();
            if (current != null && current != Subscriber.CANCELLED) {
                current.request(1);
            }
        }

        void cancel() {
            Flow.Subscription current = subscription.getAndSet(Subscriber.CANCELLED);
            if (current != null) {
                current.cancel();
            }
        }
    }
}
