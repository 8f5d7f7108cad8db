package io.promptengine.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A stand-in model provider speaking OpenAI's chat-completions wire format on 127.0.0.1, streaming at a fixed
 * pace: {@code POST /v1/chat/completions} (also {@code /chat/completions}) with {@code "stream": true} answers
 * {@code text/event-stream} with a role chunk, {@link Pace#chunks} content chunks ({@code data:
 * {chat.completion.chunk}}) the first {@link Pace#firstMs} after the request and then every
 * {@link Pace#intervalMs}, a finish chunk, the usage chunk when {@code stream_options.include_usage} is set, and
 * {@code data: [DONE]}; without {@code stream} it answers the whole {@code chat.completion} after the same total
 * time.
 *
 * <p>Why not a thread per stream: a stream spends its life waiting for its next chunk, so the handler only
 * reads the request, sends the headers and hands the stream to a small scheduler, which writes each chunk when
 * it is due. That holds thousands of open streams on JDK 17 as well as 25 with a handful of threads (the
 * server's selector, two handler threads, two scheduler threads); a chunk is a few hundred bytes, which a
 * loopback socket's buffer takes at once, so the scheduler never waits on a slow reader for long. Beyond
 * {@link #maxStreams} open streams it answers 503, so a run that exceeds what the stub was sized for says so
 * instead of measuring a queue.
 */
final class StreamStub implements AutoCloseable {

    /** The shape of every stream: content chunks, delay of the first one, pause between the others. */
    record Pace(int chunks, long firstMs, long intervalMs) {
        Pace {
            if (chunks < 1 || chunks > 100_000 || firstMs < 0 || intervalMs < 0 || intervalMs > 60_000
                    || firstMs > 60_000) {
                throw new IllegalArgumentException("pace: 1..100000 chunks, first and interval 0..60000 ms");
            }
        }

        long totalMs() {
            return firstMs + (chunks - 1) * intervalMs;
        }
    }

    /** The content of every chunk: one token of a fixed sentence, so the usage chunk's count is exact. */
    static final String[] WORDS = "Entangled particles share one quantum state across any distance ".split(" ");

    private static final Pattern STREAM_TRUE = Pattern.compile("\"stream\"\\s*:\\s*true");
    private static final Pattern INCLUDE_USAGE = Pattern.compile("\"include_usage\"\\s*:\\s*true");
    private static final long MAX_REQUEST_BYTES = 1 << 20;

    private final HttpServer server;
    private final ExecutorService handlers;
    private final ScheduledThreadPoolExecutor scheduler;
    private final int maxStreams;
    private volatile Pace pace;
    private final OpenCount open = new OpenCount();
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong broken = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong whole = new AtomicLong();
    private final AtomicLong ids = new AtomicLong();

    private StreamStub(HttpServer server, ExecutorService handlers, ScheduledThreadPoolExecutor scheduler,
            Pace pace, int maxStreams) {
        this.server = server;
        this.handlers = handlers;
        this.scheduler = scheduler;
        this.pace = pace;
        this.maxStreams = maxStreams;
    }

    /** Starts on 127.0.0.1:{@code port} (0: a free one). */
    static StreamStub start(int port, Pace pace, int maxStreams) throws IOException {
        if (maxStreams < 1) {
            throw new IllegalArgumentException("maxStreams must be >= 1");
        }
        // chunks are small writes: without it one may wait for the ACK of the one before (Nagle, delayed ACKs)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // the backlog matters when thousands of clients connect within a second or two
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
        ExecutorService handlers = Executors.newFixedThreadPool(2, daemon("stub-handler"));
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(2, daemon("stub-pace"));
        scheduler.setRemoveOnCancelPolicy(true);
        StreamStub stub = new StreamStub(s, handlers, scheduler, pace, maxStreams);
        s.createContext("/v1/chat/completions", stub::handle);
        s.createContext("/chat/completions", stub::handle);
        s.createContext("/health", ex -> stub.answer(ex, 200, "application/json", "{\"status\":\"ok\"}"));
        s.setExecutor(handlers);
        s.start();
        return stub;
    }

    int port() {
        return server.getAddress().getPort();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    Pace pace() {
        return pace;
    }

    /** The pace of streams started from now on. */
    void pace(Pace p) {
        pace = p;
    }

    /** Calls in flight: open streams and calls waiting for their whole answer. */
    int open() {
        return open.now();
    }

    int maxOpen() {
        return open.max();
    }

    /** Forgets the high-water mark of open streams, at the start of a phase. */
    void resetMaxOpen() {
        open.resetMax();
    }

    long started() {
        return started.get();
    }

    long completed() {
        return completed.get();
    }

    /** Streams whose client went away before {@code [DONE]}. */
    long broken() {
        return broken.get();
    }

    /** Calls without {@code stream}: answered whole (a gateway that did not stream its upstream call). */
    long whole() {
        return whole.get();
    }

    /** Requests answered 503 for {@link #maxStreams}. */
    long refused() {
        return refused.get();
    }

    int maxStreams() {
        return maxStreams;
    }

    @Override
    public void close() {
        server.stop(0);
        scheduler.shutdownNow();
        handlers.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            if (!"POST".equals(ex.getRequestMethod())) {
                error(ex, 405, "invalid_request_error", "use POST");
                return;
            }
            byte[] raw = ex.getRequestBody().readNBytes((int) MAX_REQUEST_BYTES + 1);
            if (raw.length > MAX_REQUEST_BYTES) {
                error(ex, 413, "invalid_request_error", "request body over 1 MiB");
                return;
            }
            String body = new String(raw, StandardCharsets.UTF_8);
            if (!body.contains("\"messages\"")) {
                error(ex, 400, "invalid_request_error", "'messages' is required");
                return;
            }
            String model = model(body);
            boolean stream = STREAM_TRUE.matcher(body).find();
            boolean usage = INCLUDE_USAGE.matcher(body).find();
            Pace p = pace;
            String id = "chatcmpl-stub" + ids.incrementAndGet();
            long created = System.currentTimeMillis() / 1000;
            int promptTokens = Math.max(1, body.length() / 16);
            int now = open.enter();
            if (!stream) {
                // the whole answer after the time the stream would take; an upstream call in flight like a stream
                open.noteMax(now);
                whole.incrementAndGet();
                scheduler.schedule(() -> {
                    try {
                        answer(ex, 200, "application/json", completion(id, created, model, p.chunks(), promptTokens));
                    } catch (IOException e) {
                        ex.close();
                    } finally {
                        open.leave();
                    }
                }, p.totalMs(), TimeUnit.MILLISECONDS);
                return;
            }
            if (now > maxStreams) {
                open.leave();
                refused.incrementAndGet();
                error(ex, 503, "server_error", "stub: more than " + maxStreams + " open streams");
                return;
            }
            open.noteMax(now);
            started.incrementAndGet();
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.getResponseHeaders().set("Cache-Control", "no-cache");
            ex.sendResponseHeaders(200, 0);
            Stream s = new Stream(ex, id, created, model, p, usage, promptTokens, System.nanoTime());
            s.write(chunk(id, created, model, "{\"role\":\"assistant\",\"content\":\"\"}", null));
            s.schedule();
        } catch (IOException | RuntimeException e) {
            ex.close();
        }
    }

    /** One open stream: writes its chunks as they fall due, from the scheduler. */
    private final class Stream {
        private final HttpExchange ex;
        private final OutputStream out;
        private final String id;
        private final long created;
        private final String model;
        private final Pace pace;
        private final boolean usage;
        private final int promptTokens;
        private final long t0;
        private int sent;
        private boolean done;

        Stream(HttpExchange ex, String id, long created, String model, Pace pace, boolean usage, int promptTokens,
                long t0) {
            this.ex = ex;
            this.out = ex.getResponseBody();
            this.id = id;
            this.created = created;
            this.model = model;
            this.pace = pace;
            this.usage = usage;
            this.promptTokens = promptTokens;
            this.t0 = t0;
        }

        void schedule() {
            long dueMs = pace.firstMs() + sent * pace.intervalMs();
            long delayNanos = t0 + dueMs * 1_000_000 - System.nanoTime();
            scheduler.schedule(this::next, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        }

        private void next() {
            try {
                String word = WORDS[sent % WORDS.length];
                String content = sent == 0 ? word : " " + word;
                sent++;
                if (sent < pace.chunks()) {
                    write(chunk(id, created, model, "{\"content\":\"" + content + "\"}", null));
                    schedule();
                    return;
                }
                StringBuilder tail = new StringBuilder();
                tail.append(chunk(id, created, model, "{\"content\":\"" + content + "\"}", null));
                tail.append(chunk(id, created, model, "{}", "stop"));
                if (usage) {
                    tail.append("data: {\"id\":\"").append(id).append("\",\"object\":\"chat.completion.chunk\",")
                            .append("\"created\":").append(created).append(",\"model\":\"").append(model)
                            .append("\",\"choices\":[],\"usage\":").append(usageJson(promptTokens, pace.chunks()))
                            .append("}\n\n");
                }
                tail.append("data: [DONE]\n\n");
                write(tail.toString());
                finish(true);
            } catch (IOException | RuntimeException e) {
                finish(false);
            }
        }

        void write(String s) throws IOException {
            out.write(s.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        private void finish(boolean whole) {
            if (done) {
                return;
            }
            done = true;
            open.leave();
            (whole ? completed : broken).incrementAndGet();
            try {
                out.close();
            } catch (IOException ignored) {
                // the client has gone; nothing to tell it
            }
            ex.close();
        }
    }

    static String chunk(String id, long created, String model, String delta, String finish) {
        return "data: {\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":" + created
                + ",\"model\":\"" + model + "\",\"choices\":[{\"index\":0,\"delta\":" + delta
                + ",\"logprobs\":null,\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"")
                + "}]}\n\n";
    }

    static String usageJson(int prompt, int completion) {
        return "{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion + ",\"total_tokens\":"
                + (prompt + completion) + "}";
    }

    static String completion(String id, long created, String model, int chunks, int promptTokens) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < chunks; i++) {
            text.append(i == 0 ? "" : " ").append(WORDS[i % WORDS.length]);
        }
        return "{\"id\":\"" + id + "\",\"object\":\"chat.completion\",\"created\":" + created + ",\"model\":\""
                + model + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + text
                + "\"},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":"
                + usageJson(promptTokens, chunks) + "}";
    }

    private static final Pattern MODEL = Pattern.compile("\"model\"\\s*:\\s*\"([A-Za-z0-9._:/-]{1,100})\"");

    private static String model(String body) {
        java.util.regex.Matcher m = MODEL.matcher(body);
        return m.find() ? m.group(1) : "stub";
    }

    private void error(HttpExchange ex, int status, String type, String message) throws IOException {
        answer(ex, status, "application/json", "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type
                + "\",\"param\":null,\"code\":null}}");
    }

    private void answer(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Runs the stub alone: {@code java -cp prompt-engine-bench.jar io.promptengine.bench.StreamStub [PORT
     * [CHUNKS [FIRST_MS [INTERVAL_MS]]]]}; stops on Ctrl-C, or by itself after an hour.
     */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        int chunks = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        long first = args.length > 2 ? Long.parseLong(args[2]) : 50;
        long interval = args.length > 3 ? Long.parseLong(args[3]) : 50;
        StreamStub s = start(port, new Pace(chunks, first, interval), 100_000);
        Runtime.getRuntime().addShutdownHook(new Thread(s::close));
        System.out.println("stream stub on " + s.baseUrl() + "/v1/chat/completions: " + chunks
                + " chunks, first after " + first + " ms, then every " + interval + " ms");
        Thread.sleep(3_600_000);
        s.close();
    }
}
