package io.promptengine.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for the Prompt Engine server, enough of its HTTP contract to drive the load driver before
 * the real server exists: GET /health/ready, GET /health/live, POST /v1/prompt/execute (bearer or
 * x-api-key auth, 401 envelope on a wrong key). Reads PE_PORT, PE_DEMO_KEY and PE_DB_URL like the real
 * jar (it creates the H2 file path's directory and a marker file there), and STUB_READY_DELAY_MS
 * (503 from /health/ready until then) and STUB_THREADS.
 *
 * <p>Runnable as {@code java -jar target/prompt-engine-bench-tests.jar}.
 */
public final class StubServer {

    private final HttpServer server;
    private final ExecutorService pool;
    private final AtomicLong ids = new AtomicLong();

    private StubServer(HttpServer server, ExecutorService pool) {
        this.server = server;
        this.pool = pool;
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        int port = Integer.parseInt(env("PE_PORT", "7070"));
        String key = env("PE_DEMO_KEY", "pe_live_demo");
        long readyDelayMs = Long.parseLong(env("STUB_READY_DELAY_MS", "0"));
        int threads = Integer.parseInt(env("STUB_THREADS", "4"));
        String db = env("PE_DB_URL", "jdbc:h2:file:./data/prompt-engine");
        if (db.startsWith("jdbc:h2:file:")) {
            Path file = Paths.get(db.substring("jdbc:h2:file:".length()) + ".stub");
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Files.writeString(file, "stub database marker\n");
        }
        StubServer s = start(port, key, threads, t0 + readyDelayMs * 1_000_000);
        String otlp = env("OTEL_EXPORTER_OTLP_ENDPOINT", "");
        if (!otlp.isEmpty()) {
            // as a traced server would: one export of spans (its bytes do not matter to the sink)
            java.net.http.HttpResponse<Void> exported = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(otlp + "/v1/traces"))
                            .header("Content-Type", "application/x-protobuf")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[100])).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            System.out.println("stub server exported spans to " + otlp + ": " + exported.statusCode());
        }
        System.out.println("stub server listening on http://127.0.0.1:" + s.port() + " (demo key " + key + ")");
        Runtime.getRuntime().addShutdownHook(new Thread(s::stop));
        Thread.currentThread().join(); // until killed
    }

    /** Starts on 127.0.0.1:port (0 = any free port). */
    static StubServer start(int port, String key, int threads) throws IOException {
        return start(port, key, threads, 0);
    }

    private static StubServer start(int port, String key, int threads, long readyAtNanos) throws IOException {
        // without it the server's separate header and body writes meet delayed ACKs: 40 ms per request
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        http.setExecutor(pool);
        StubServer s = new StubServer(http, pool);
        http.createContext("/health/ready", ex -> {
            drain(ex);
            boolean ready = readyAtNanos == 0 || System.nanoTime() >= readyAtNanos;
            send(ex, ready ? 200 : 503, ready ? "{\"status\":\"ready\"}" : "{\"status\":\"starting\"}");
        });
        http.createContext("/health/live", ex -> {
            drain(ex);
            send(ex, 200, "{\"status\":\"live\"}");
        });
        byte[] bearer = ("Bearer " + key).getBytes(StandardCharsets.UTF_8);
        http.createContext("/v1/prompt/execute", ex -> {
            byte[] body = drain(ex);
            if (!"POST".equals(ex.getRequestMethod())) {
                send(ex, 405, error("method_not_allowed", "Use POST"));
                return;
            }
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String apiKey = ex.getRequestHeaders().getFirst("x-api-key");
            boolean authorized = (auth != null && java.util.Arrays.equals(auth.getBytes(StandardCharsets.UTF_8), bearer))
                    || key.equals(apiKey);
            if (!authorized) {
                send(ex, 401, error("unauthorized", "Missing or invalid API key"));
                return;
            }
            String in = new String(body, StandardCharsets.UTF_8);
            if (!in.contains("\"model\"") || !in.contains("\"input\"")) {
                send(ex, 400, error("validation_error", "Field 'model' is required"));
                return;
            }
            String now = Instant.now().toString();
            send(ex, 200, "{\"id\":\"exec_" + s.ids.incrementAndGet() + "\",\"status\":\"completed\","
                    + "\"model\":\"echo\",\"output\":\"Explain quantum entanglement in one sentence.\","
                    + "\"usage\":{\"input_tokens\":8,\"output_tokens\":8,\"total_tokens\":16},"
                    + "\"created_at\":\"" + now + "\",\"completed_at\":\"" + now + "\"}");
        });
        // the driver moves the demo tenant to a roomy plan through the operator API (ServerProcess.liftDemoLimit)
        String admin = "Bearer " + env("PE_ADMIN_KEY", "");
        http.createContext("/v1/admin/plans", ex -> {
            drain(ex);
            if (admin.equals("Bearer ") || !admin.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                send(ex, 401, error("unauthorized", "Missing or invalid operator key"));
            } else if (!"POST".equals(ex.getRequestMethod())) {
                send(ex, 405, error("method_not_allowed", "Use POST"));
            } else {
                send(ex, 201, "{\"name\":\"bench\"}");
            }
        });
        http.createContext("/v1/admin/tenants/demo", ex -> {
            drain(ex);
            if (admin.equals("Bearer ") || !admin.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                send(ex, 401, error("unauthorized", "Missing or invalid operator key"));
            } else if (!"PATCH".equals(ex.getRequestMethod())) {
                send(ex, 405, error("method_not_allowed", "Use PATCH"));
            } else {
                send(ex, 200, "{\"slug\":\"demo\",\"plan\":\"bench\"}");
            }
        });
        http.createContext("/", ex -> {
            drain(ex);
            send(ex, 404, error("not_found", "No such route"));
        });
        http.start();
        return s;
    }

    int port() {
        return server.getAddress().getPort();
    }

    long executions() {
        return ids.get();
    }

    void stop() {
        server.stop(0);
        pool.shutdownNow();
        try {
            pool.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String error(String code, String message) {
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"request_id\":\"req_stub\"}}";
    }

    private static byte[] drain(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    private static void send(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("X-Request-Id", "req_stub");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    private static String env(String name, String def) {
        String v = System.getenv(name);
        if (v == null) {
            v = System.getProperty(name);
        }
        return v == null || v.isEmpty() ? def : v;
    }
}
