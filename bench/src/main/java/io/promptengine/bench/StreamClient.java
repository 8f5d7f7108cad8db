package io.promptengine.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Streaming requests over {@code java.net.http} (HTTP/1.1, one connection per open stream), read line by line as
 * the bytes arrive: no thread per stream, the client's selector thread and a two-thread executor serve them all.
 * Understands both event streams the driver meets: OpenAI's ({@code data:} chunks, {@code data: [DONE]}) and
 * Prompt Engine's native one ({@code event: execution | delta | completed | error}). The first token is the
 * first chunk with non-empty content ({@code "content":"x…"} in OpenAI's, a {@code delta} event in the native
 * one), not the role chunk that OpenAI-style servers send first. Every stream has a deadline; a watchdog cancels
 * it there (which closes its connection).
 */
final class StreamClient implements AutoCloseable {

    /** What one stream did; times are {@link System#nanoTime()}, 0 where it never happened. */
    static final class Result {
        final long sendNanos;
        volatile long headersNanos;
        volatile long firstTokenNanos;
        volatile long endNanos;
        volatile int status;
        volatile int contentChunks;
        volatile boolean done;
        volatile boolean usage;
        /** null when the stream ended well: a status, "error event", "no end", "timeout" or an exception. */
        volatile String error;

        Result(long sendNanos) {
            this.sendNanos = sendNanos;
        }

        boolean ok() {
            return error == null && done && firstTokenNanos > 0;
        }
    }

    private final HttpClient http;
    private final ExecutorService executor;
    private final ScheduledExecutorService watchdog;
    private final Set<Line> active = ConcurrentHashMap.newKeySet();
    private final OpenCount open = new OpenCount();
    private final long timeoutNanos;

    StreamClient(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "stream-client");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(executor)
                .build();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stream-watchdog");
            t.setDaemon(true);
            return t;
        });
        watchdog.scheduleWithFixedDelay(this::expire, 100, 100, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code r} after {@code ms} on the watchdog's thread, not on the client's executor. */
    void later(Runnable r, long ms) {
        watchdog.schedule(r, ms, TimeUnit.MILLISECONDS);
    }

    /** Streams with headers in and no end yet. */
    int open() {
        return open.now();
    }

    int maxOpen() {
        return open.max();
    }

    void resetMaxOpen() {
        open.resetMax();
    }

    /** Streams sent and not ended (including those waiting for their headers). */
    int inFlight() {
        return active.size();
    }

    /**
     * Sends one streaming POST; {@code onEnd} runs once when it ends, however it ends.
     *
     * @param headers name, value, name, value…
     */
    Result start(URI uri, String body, List<String> headers, Consumer<Result> onEnd) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofNanos(timeoutNanos))
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        for (int i = 0; i + 1 < headers.size(); i += 2) {
            b.header(headers.get(i), headers.get(i + 1));
        }
        Result r = new Result(System.nanoTime());
        Line line = new Line(r, onEnd);
        active.add(line);
        http.sendAsync(b.build(), info -> {
            r.headersNanos = System.nanoTime();
            r.status = info.statusCode();
            if (info.statusCode() == 200) {
                line.counted = true;
                open.enterCounted();
            } else {
                r.error = Integer.toString(info.statusCode());
            }
            return HttpResponse.BodySubscribers.fromLineSubscriber(line);
        }).whenComplete((resp, e) -> {
            if (e != null && r.error == null) {
                Throwable c = e.getCause() != null ? e.getCause() : e;
                r.error = "io: " + c.getClass().getSimpleName();
            }
            line.end();
        });
        return r;
    }

    private void expire() {
        long now = System.nanoTime();
        for (Line l : active) {
            if (now - l.result.sendNanos > timeoutNanos) {
                l.timeout();
            }
        }
    }

    @Override
    public void close() {
        for (Line l : active) {
            l.timeout();
        }
        watchdog.shutdownNow();
        executor.shutdownNow();
    }

    /** Reads one stream's lines; decides first token, end and errors. */
    private final class Line implements Flow.Subscriber<String> {
        final Result result;
        private final Consumer<Result> onEnd;
        private volatile Flow.Subscription subscription;
        private String event = "";
        volatile boolean counted;
        private final java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();

        Line(Result result, Consumer<Result> onEnd) {
            this.result = result;
            this.onEnd = onEnd;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String l) {
            if (l.isEmpty()) {
                event = "";
                return;
            }
            if (l.startsWith("event:")) {
                event = l.substring(6).trim();
                if (event.equals("completed")) {
                    result.done = true;
                } else if (event.equals("error") && result.error == null) {
                    result.error = "error event";
                }
                return;
            }
            if (!l.startsWith("data:")) {
                return; // a comment (": keep-alive"), id: or retry:
            }
            String data = l.substring(5).trim();
            if (data.equals("[DONE]")) {
                result.done = true;
                return;
            }
            if (event.equals("error")) {
                return;
            }
            boolean content = event.equals("delta") ? hasText(data, "\"text\":\"") : hasText(data, "\"content\":\"");
            if (content) {
                result.contentChunks++;
                if (result.firstTokenNanos == 0) {
                    result.firstTokenNanos = System.nanoTime();
                }
            }
            if (data.contains("\"usage\":{")) {
                result.usage = true;
            }
            if (event.isEmpty() && data.startsWith("{\"error\"") && result.error == null) {
                result.error = "error event";
            }
        }

        @Override
        public void onError(Throwable t) {
            if (result.error == null) {
                result.error = "io: " + t.getClass().getSimpleName();
            }
            end();
        }

        @Override
        public void onComplete() {
            end();
        }

        void timeout() {
            if (result.error == null && !result.done) {
                result.error = "timeout";
            }
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            end();
        }

        void end() {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            result.endNanos = System.nanoTime();
            if (result.error == null && !result.done) {
                result.error = "no end";
            } else if (result.error == null && result.firstTokenNanos == 0) {
                result.error = "no content";
            }
            if (counted) {
                open.leave();
            }
            active.remove(this);
            onEnd.accept(result);
        }
    }

    /** Whether {@code key} (ending in a quote) occurs followed by at least one character of the value. */
    static boolean hasText(String data, String key) {
        int i = data.indexOf(key);
        while (i >= 0) {
            int v = i + key.length();
            if (v < data.length() && data.charAt(v) != '"') {
                return true;
            }
            i = data.indexOf(key, v);
        }
        return false;
    }
}
