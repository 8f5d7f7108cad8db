package io.promptengine.bootstrap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One local server speaking both OpenAI's Chat Completions ({@code /v1/chat/completions}) and Anthropic's Messages
 * ({@code /v1/messages}), replaying documented answers. Each path answers from its own script, then its default
 * success; every request is recorded with its arrival time, so tests can count retries and measure their spacing.
 */
final class ProviderStub implements AutoCloseable {

    static final String CHAT = "/v1/chat/completions";
    static final String MESSAGES = "/v1/messages";

    static final String CHAT_SUCCESS = """
            {"id":"chatcmpl-e2e","object":"chat.completion","created":1741569952,"model":"gpt-4o",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hello from OpenAI."},
                         "finish_reason":"stop"}],
             "usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17}}""";
    static final String MESSAGES_SUCCESS = """
            {"id":"msg_e2e","type":"message","role":"assistant","model":"claude-3-5-haiku-20241022",
             "content":[{"type":"text","text":"Hello from Anthropic."}],"stop_reason":"end_turn",
             "stop_sequence":null,"usage":{"input_tokens":20,"output_tokens":10}}""";

    /** One scripted answer, sent after {@code delay}; or, {@code afterHeaders}, its body only after the delay. */
    record Answer(int status, Map<String, String> headers, String body, Duration delay, boolean afterHeaders) {
        Answer(int status, Map<String, String> headers, String body) {
            this(status, headers, body, Duration.ZERO, false);
        }
    }

    /** One request as it arrived. */
    record Arrival(long nanos, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, Deque<Answer>> scripts = new ConcurrentHashMap<>();
    private final Map<String, Answer> defaults = new ConcurrentHashMap<>();
    private final Map<String, List<Arrival>> arrivals = new ConcurrentHashMap<>();

    ProviderStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        for (String path : List.of(CHAT, MESSAGES)) {
            scripts.put(path, new ConcurrentLinkedDeque<>());
            arrivals.put(path, new CopyOnWriteArrayList<>());
            server.createContext(path, exchange -> handle(path, exchange));
        }
        defaults.put(CHAT, new Answer(200, Map.of(), CHAT_SUCCESS));
        defaults.put(MESSAGES, new Answer(200, Map.of(), MESSAGES_SUCCESS));
        server.setExecutor(threads);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next answers of {@code path}, in order, before its default. */
    ProviderStub then(String path, int status, Map<String, String> headers, String body) {
        scripts.get(path).add(new Answer(status, headers, body));
        return this;
    }

    /** The next answer of {@code path}: its default success, sent only after {@code delay}. */
    ProviderStub thenSlowly(String path, Duration delay) {
        Answer success = defaults.get(path);
        scripts.get(path).add(new Answer(success.status(), success.headers(), success.body(), delay, false));
        return this;
    }

    /** The next answer of {@code path}: its default success, the headers at once and the body after {@code stall}. */
    ProviderStub thenStallingAfterHeaders(String path, Duration stall) {
        Answer success = defaults.get(path);
        scripts.get(path).add(new Answer(success.status(), success.headers(), success.body(), stall, true));
        return this;
    }

    /** What {@code path} answers once its script is spent. */
    ProviderStub always(String path, int status, String body) {
        defaults.put(path, new Answer(status, Map.of(), body));
        return this;
    }

    List<Arrival> arrivals(String path) {
        return new ArrayList<>(arrivals.get(path));
    }

    /** The time between the arrivals of request {@code i} and {@code i + 1} of {@code path}. */
    Duration gap(String path, int i) {
        List<Arrival> seen = arrivals(path);
        return Duration.ofNanos(seen.get(i + 1).nanos() - seen.get(i).nanos());
    }

    private void handle(String path, HttpExchange exchange) throws IOException {
        long now = System.nanoTime();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        arrivals.get(path).add(new Arrival(now, Map.copyOf(exchange.getRequestHeaders()), body));
        Answer answer = scripts.get(path).poll();
        if (answer == null) {
            answer = defaults.get(path);
        }
        if (!answer.afterHeaders()) {
            pause(answer.delay());
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        if (answer.afterHeaders()) {
            pause(answer.delay());
        }
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void pause(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow(); // ends a stall still under way
    }
}
