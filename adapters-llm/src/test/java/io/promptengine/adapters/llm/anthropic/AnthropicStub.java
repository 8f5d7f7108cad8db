package io.promptengine.adapters.llm.anthropic;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local HTTP server on 127.0.0.1 and a random port that answers {@code POST /v1/messages} as Anthropic documents,
 * and remembers what it was sent.
 */
final class AnthropicStub implements AutoCloseable {

    /** A documented Messages answer: text, {@code end_turn}, usage. */
    static final String HELLO = """
            {"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant",
             "content":[{"type":"text","text":"Hello!"}],"model":"claude-sonnet-4-5",
             "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":6}}""";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private volatile Reply reply = exchange -> send(exchange, 200, HELLO);
    private volatile String path;
    private volatile String method;
    private volatile Headers headers;
    private volatile String body;

    /** What the stub does with one exchange. */
    interface Reply {
        void answer(HttpExchange exchange) throws IOException;
    }

    AnthropicStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            path = exchange.getRequestURI().getPath();
            method = exchange.getRequestMethod();
            headers = exchange.getRequestHeaders();
            body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            try {
                reply.answer(exchange);
            } finally {
                exchange.close();
            }
        });
        server.setExecutor(threads);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void answer(int status, String json) {
        reply = exchange -> send(exchange, status, json);
    }

    void answerWithHeader(int status, String header, String value, String json) {
        reply = exchange -> {
            exchange.getResponseHeaders().set(header, value);
            send(exchange, status, json);
        };
    }

    void answerAfter(Duration delay, String json) {
        reply = exchange -> {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            send(exchange, 200, json);
        };
    }

    /** Announces a body longer than it sends, then hangs up. */
    void answerTruncated(String json) {
        reply = exchange -> {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("content-type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            OutputStream out = exchange.getResponseBody();
            out.write(bytes, 0, bytes.length / 2);
            out.flush();
            throw new IOException("the stub hangs up half way");
        };
    }

    String path() {
        return path;
    }

    String method() {
        return method;
    }

    String header(String name) {
        return headers.getFirst(name);
    }

    String body() {
        return body;
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("content-type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
