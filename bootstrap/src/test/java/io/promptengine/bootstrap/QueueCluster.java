package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.application.port.out.WebhookSender;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Prompt Engine instances on one database, for the queue's multi-instance tests and measurements: in this JVM
 * ({@link #start}) or as processes of their own ({@link #startProcess}), with the demo tenant's limits lifted,
 * a client that queues executions over them, and SQL counts that tell how far the work got. {@link #close}
 * stops everything it started, last first.
 */
final class QueueCluster implements AutoCloseable {

    static final Duration PATIENCE = Duration.ofSeconds(60);

    private final Map<String, String> common;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param common settings of every instance, over the defaults of a test instance */
    QueueCluster(Map<String, String> common) {
        this.common = Map.copyOf(common);
    }

    /** Also closed by {@link #close}, before what was started earlier. */
    void closeLater(AutoCloseable resource) {
        started.add(resource);
    }

    @Override
    public void close() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    private Map<String, String> settings(String url, Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>();
        settings.put("PE_PORT", "0");
        settings.put("PE_HOST", "127.0.0.1");
        settings.put("PE_DB_URL", url);
        settings.put("PE_DEMO_KEY", RunningApp.DEMO_KEY);
        settings.put("PE_ADMIN_KEY", RunningApp.ADMIN_KEY);
        settings.putAll(common);
        settings.putAll(overrides);
        return settings;
    }

    /** An instance in this JVM on database {@code url}, with {@code models} beside the configured providers. */
    PromptEngine start(String url, List<ModelProvider> models, Map<String, String> overrides) {
        PromptEngine.Builder builder = PromptEngine.builder().settings(settings(url, overrides));
        models.forEach(builder::provider);
        PromptEngine engine = builder.start();
        started.add(engine);
        return engine;
    }

    /** As {@link #start(String, List, Map)}, delivering webhooks through {@code sender}. */
    PromptEngine start(String url, List<ModelProvider> models, Map<String, String> overrides,
            WebhookSender sender) {
        PromptEngine.Builder builder = PromptEngine.builder().settings(settings(url, overrides)).webhookSender(sender);
        models.forEach(builder::provider);
        PromptEngine engine = builder.start();
        started.add(engine);
        return engine;
    }

    /** An instance in a process of its own, whose model never answers; killed by the test or at the end. */
    Process startProcess(String url, Map<String, String> overrides) throws IOException {
        return startProcess(QueueInstanceMain.class, url, overrides);
    }

    /** An instance in a process of its own, run by {@code main}; killed by the test or at the end. */
    Process startProcess(Class<?> main, String url, Map<String, String> overrides) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), main.getName());
        builder.environment().putAll(settings(url, overrides));
        builder.redirectErrorStream(true);
        Process process = builder.start();
        started.add(() -> process.destroyForcibly().waitFor(10, TimeUnit.SECONDS));
        return process;
    }

    /** The port the process prints once it serves; its other output is drained so that it never blocks. */
    static int port(Process process) throws Exception {
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> port = reader.submit(() -> {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("PORT=")) {
                        return Integer.parseInt(line.substring("PORT=".length()));
                    }
                }
                throw new IllegalStateException("the instance exited before serving");
            });
            int found = port.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            Thread drain = new Thread(() -> {
                try {
                    while (lines.readLine() != null) {
                        // discard
                    }
                } catch (IOException e) {
                    // the process died
                }
            }, "queue-instance-output");
            drain.setDaemon(true);
            drain.start();
            return found;
        } finally {
            reader.shutdown();
        }
    }

    /** The demo tenant onto a plan with room for thousands of requests a minute. */
    void liftDemoLimits(int port) throws Exception {
        HttpResponse<String> plan = send(port, RunningApp.ADMIN_KEY, "POST", "/v1/admin/plans",
                "{\"name\":\"bulk\",\"requests_per_minute\":1000000}");
        assertThat(plan.statusCode()).as(plan.body()).isEqualTo(201);
        HttpResponse<String> tenant = send(port, RunningApp.ADMIN_KEY, "PATCH", "/v1/admin/tenants/demo",
                "{\"plan\":\"bulk\"}");
        assertThat(tenant.statusCode()).as(tenant.body()).isEqualTo(200);
    }

    /**
     * Queues {@code count} executions of {@code model} with prompts {@code prefix0…}, execution {@code i} through
     * the instance on {@code port(i)}, from 16 client threads; each must be accepted.
     */
    void submit(int count, IntFunction<Integer> port, String model, String prefix) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<HttpResponse<String>>> replies = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                replies.add(clients.submit(() -> send(port.apply(n), "POST", "/v1/prompt/execute",
                        "{\"model\":\"" + model + "\",\"input\":\"" + prefix + n + "\","
                                + "\"async\":true}")));
            }
            for (Future<HttpResponse<String>> reply : replies) {
                HttpResponse<String> response = reply.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    /** A request as the demo tenant; {@code json} null for none. */
    HttpResponse<String> send(int port, String method, String path, String json) {
        return send(port, RunningApp.DEMO_KEY, method, path, json);
    }

    private HttpResponse<String> send(int port, String key, String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key);
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void awaitCount(String url, String sql, long expected) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            Optional<Long> now = tryCount(url, sql);
            if (now.isPresent()) {
                last = now.get();
                if (last >= expected) {
                    return;
                }
            }
            sleep(100);
        }
        throw new AssertionError("waited " + PATIENCE.toSeconds() + " s for " + sql + " to reach " + expected
                + "; it was " + last);
    }

    static long count(String url, String sql) {
        return tryCount(url, sql).orElseThrow(() -> new AssertionError("the database did not answer " + sql));
    }

    /** The count, or empty while the database cannot be reached. */
    private static Optional<Long> tryCount(String url, String sql) {
        return query(url, sql, rows -> {
            rows.next();
            return rows.getLong(1);
        });
    }

    static List<String> ids(String url, String sql) {
        return query(url, sql, rows -> {
            List<String> ids = new ArrayList<>();
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
            return ids;
        }).orElseThrow();
    }

    private interface Rows<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private static <T> Optional<T> query(String url, String sql, Rows<T> read) {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            return Optional.of(read.read(rows));
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
