package io.promptengine.adapters.llm.openai;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real HTTP server on 127.0.0.1 and a random port that answers every request with one canned reply and keeps
 * what the adapter sent.
 */
final class ChatCompletionsStub implements AutoCloseable {

    /** A documented Chat Completions success, as OpenAI sends it. */
    static final String SUCCESS = """
            {"id":"chatcmpl-abc123","object":"chat.completion","created":1741569952,"model":"gpt-4o-2024-08-06",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hello! How can I help?","refusal":null},
                         "logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":19,"completion_tokens":10,"total_tokens":29},
             "service_tier":"default"}""";

    record Received(String method, String path, String protocol, Map<String, java.util.List<String>> headers,
            String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final AtomicReference<Received> received = new AtomicReference<>();
    private volatile int status = 200;
    private volatile String reply = SUCCESS;
    private volatile Duration delay = Duration.ZERO;
    private final Map<String, String> replyHeaders = new java.util.concurrent.ConcurrentHashMap<>();

    ChatCompletionsStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    ChatCompletionsStub answering(int status, String reply) {
        this.status = status;
        this.reply = reply;
        return this;
    }

    /** Sends this header with every later answer. */
    ChatCompletionsStub withHeader(String name, String value) {
        replyHeaders.put(name, value);
        return this;
    }

    ChatCompletionsStub after(Duration delay) {
        this.delay = delay;
        return this;
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    Received received() {
        return received.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.set(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                exchange.getProtocol(), Map.copyOf(exchange.getRequestHeaders()), body));
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        replyHeaders.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        } catch (IOException e) {
            // the client gave up first (a deadline test); nothing to answer
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
