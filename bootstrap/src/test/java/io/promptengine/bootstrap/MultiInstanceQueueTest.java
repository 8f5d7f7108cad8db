package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Several instances on one PostgreSQL behave as one queue: every async execution is completed exactly once
 * whichever instance took it, an instance killed mid-call leaves its executions to the others (attempt 2), and a
 * database outage pauses the work without losing any.
 */
class MultiInstanceQueueTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String LEASE_SECONDS = "2";

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stopEverything() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    @Test
    void givenTenThousandAsyncExecutionsOverTwoInstances_everyOneIsCompletedExactlyOnce() throws Exception {
        String url = QueuePostgres.shared().newDatabase();
        QueueModelProvider firstModel = QueueModelProvider.answering(Duration.ZERO);
        QueueModelProvider secondModel = QueueModelProvider.answering(Duration.ZERO);
        Application first = start(url, firstModel, Map.of("PE_WORKERS", "16"));
        liftDemoLimits(first.port());
        Application second = start(url, secondModel, Map.of("PE_WORKERS", "16"));
        int total = 10_000;

        submit(total, i -> i % 2 == 0 ? first.port() : second.port(), "job-");

        awaitCount(url, "SELECT COUNT(*) FROM executions WHERE status = 'completed'", total);
        assertThat(count(url, "SELECT COUNT(*) FROM executions")).isEqualTo(total);
        assertThat(count(url, "SELECT COUNT(*) FROM executions WHERE attempts <> 1")).isZero();
        Map<String, Integer> calls = new HashMap<>(firstModel.calls());
        secondModel.calls().forEach((prompt, n) -> calls.merge(prompt, n, Integer::sum));
        assertThat(calls).hasSize(total);
        assertThat(calls.values()).as("model calls per execution, over both instances").containsOnly(1);
        assertThat(firstModel.calls()).as("executions the first instance ran").isNotEmpty();
        assertThat(secondModel.calls()).as("executions the second instance ran").isNotEmpty();
    }

    @Test
    void givenInstanceKilledMidCall_itsExecutionsCompleteOnTheOtherAsAttemptTwo() throws Exception {
        String url = QueuePostgres.shared().newDatabase();
        QueueModelProvider model = QueueModelProvider.answering(Duration.ZERO);
        Application survivor = start(url, model, Map.of("PE_WORKERS", "4"));
        liftDemoLimits(survivor.port());
        Process doomed = startProcess(url, Map.of("PE_WORKERS", "8"));
        int doomedPort = port(doomed);
        String doomedOwner = "pe-" + doomed.pid() + "-%";

        submit(40, i -> doomedPort, "kill-");
        // the doomed instance's model never answers: what it claimed is running there until it dies
        awaitCount(url, "SELECT COUNT(*) FROM executions WHERE status = 'running' AND lease_owner LIKE '"
                + doomedOwner + "'", 8);
        List<String> heldByTheDoomed = ids(url, "SELECT id FROM executions WHERE status = 'running' AND "
                + "lease_owner LIKE '" + doomedOwner + "'");
        doomed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        awaitCount(url, "SELECT COUNT(*) FROM executions WHERE status = 'completed'", 40);
        assertThat(count(url, "SELECT COUNT(*) FROM executions WHERE status = 'running'")).isZero();
        assertThat(ids(url, "SELECT id FROM executions WHERE attempts = 2"))
                .containsExactlyInAnyOrderElementsOf(heldByTheDoomed);
        assertThat(count(url, "SELECT COUNT(*) FROM executions WHERE attempts = 1")).isEqualTo(32);
        assertThat(model.calls()).hasSize(40);
        assertThat(model.calls().values()).as("calls that answered, per execution").containsOnly(1);
    }

    @Test
    void givenDatabaseStoppedForTenSecondsMidRun_everythingAcceptedBeforeIsFinishedAfter() throws Exception {
        QueuePostgres database = QueuePostgres.dedicated();
        cleanup.add(database);
        String url = database.newDatabase();
        QueueModelProvider model = QueueModelProvider.answering(Duration.ofMillis(100));
        Application first = start(url, model, Map.of("PE_WORKERS", "4"));
        liftDemoLimits(first.port());
        Application second = start(url, model, Map.of("PE_WORKERS", "4"));
        int total = 400;
        submit(total, i -> i % 2 == 0 ? first.port() : second.port(), "outage-");
        awaitCount(url, "SELECT COUNT(*) FROM executions WHERE status = 'completed'", 20);
        assertThat(count(url, "SELECT COUNT(*) FROM executions WHERE status = 'completed'"))
                .as("work left for after the outage").isLessThan(total);

        database.stop();
        Thread.sleep(10_000);
        database.restart();

        awaitCount(url, "SELECT COUNT(*) FROM executions WHERE status = 'completed'", total);
        assertThat(count(url, "SELECT COUNT(*) FROM executions WHERE status <> 'completed'")).isZero();
        assertThat(model.calls()).hasSize(total);
        for (Application instance : List.of(first, second)) {
            assertThat(send(instance.port(), "GET", "/health/ready", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void givenExecutionRunningOnOneInstance_cancelThroughAnother_interruptsItsModelCallThere() throws Exception {
        String url = QueuePostgres.shared().newDatabase();
        QueueModelProvider hanging = QueueModelProvider.hanging();
        Application runner = start(url, hanging, Map.of("PE_WORKERS", "1"));
        HttpResponse<String> queued = send(runner.port(), "POST", "/v1/prompt/execute",
                "{\"model\":\"" + QueueModelProvider.MODEL + "\",\"input\":\"cancel me\",\"async\":true}");
        String id = Api.JSON.readTree(queued.body()).path("id").asString();
        awaitCount(url, "SELECT COUNT(*) FROM executions WHERE status = 'running'", 1);
        Application other = start(url, QueueModelProvider.answering(Duration.ZERO), Map.of("PE_WORKERS", "1"));

        HttpResponse<String> cancelled = send(other.port(), "POST", "/v1/executions/" + id + "/cancel", null);

        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        Eventually.await("the running instance to interrupt the cancelled call at its next heartbeat",
                () -> hanging.interruptions() == 1);
        assertThat(count(url, "SELECT COUNT(*) FROM executions WHERE status = 'cancelled'")).isEqualTo(1);
        assertThat(Api.JSON.readTree(send(runner.port(), "GET", "/v1/executions/" + id + "/status", null).body())
                .path("status").asString())
                .isEqualTo("cancelled");
    }

    private Application start(String url, QueueModelProvider model, Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>();
        settings.put("PE_PORT", "0");
        settings.put("PE_HOST", "127.0.0.1");
        settings.put("PE_DB_URL", url);
        settings.put("PE_DEMO_KEY", RunningApp.DEMO_KEY);
        settings.put("PE_ADMIN_KEY", RunningApp.ADMIN_KEY);
        settings.put("PE_LEASE_SECONDS", LEASE_SECONDS);
        settings.put("PE_QUEUE_POLL_MS", "100");
        settings.putAll(overrides);
        Application application = Application.start(Config.from(name -> Optional.ofNullable(settings.get(name))),
                List.of(model));
        cleanup.add(application);
        return application;
    }

    /** An instance in a process of its own, whose model never answers; killed by the test or at the end. */
    private Process startProcess(String url, Map<String, String> overrides) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), QueueInstanceMain.class.getName());
        Map<String, String> environment = builder.environment();
        environment.put("PE_PORT", "0");
        environment.put("PE_HOST", "127.0.0.1");
        environment.put("PE_DB_URL", url);
        environment.put("PE_DEMO_KEY", RunningApp.DEMO_KEY);
        environment.put("PE_ADMIN_KEY", RunningApp.ADMIN_KEY);
        environment.put("PE_LEASE_SECONDS", LEASE_SECONDS);
        environment.put("PE_QUEUE_POLL_MS", "100");
        environment.putAll(overrides);
        builder.redirectErrorStream(true);
        Process process = builder.start();
        cleanup.add(() -> process.destroyForcibly().waitFor(10, TimeUnit.SECONDS));
        return process;
    }

    /** The port the process prints once it serves; its other output is drained so that it never blocks. */
    private static int port(Process process) throws Exception {
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
    private void liftDemoLimits(int port) throws Exception {
        HttpResponse<String> plan = send(port, RunningApp.ADMIN_KEY, "POST", "/v1/admin/plans",
                "{\"name\":\"bulk\",\"requests_per_minute\":1000000}");
        assertThat(plan.statusCode()).as(plan.body()).isEqualTo(201);
        HttpResponse<String> tenant = send(port, RunningApp.ADMIN_KEY, "PATCH", "/v1/admin/tenants/demo",
                "{\"plan\":\"bulk\"}");
        assertThat(tenant.statusCode()).as(tenant.body()).isEqualTo(200);
    }

    /** Queues {@code count} executions with prompts {@code prefix0…}, execution {@code i} on {@code port(i)}. */
    private void submit(int count, IntFunction<Integer> port, String prefix) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<HttpResponse<String>>> replies = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                replies.add(clients.submit(() -> send(port.apply(n), "POST", "/v1/prompt/execute",
                        "{\"model\":\"" + QueueModelProvider.MODEL + "\",\"input\":\"" + prefix + n + "\","
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

    private HttpResponse<String> send(int port, String method, String path, String json) {
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

    private static void awaitCount(String url, String sql, long expected) {
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

    private static long count(String url, String sql) {
        return tryCount(url, sql).orElseThrow(() -> new AssertionError("the database did not answer " + sql));
    }

    /** The count, or empty while the database cannot be reached. */
    private static Optional<Long> tryCount(String url, String sql) {
        return query(url, () -> sql, rows -> {
            rows.next();
            return rows.getLong(1);
        });
    }

    private static List<String> ids(String url, String sql) {
        return query(url, () -> sql, rows -> {
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

    private static <T> Optional<T> query(String url, Supplier<String> sql, Rows<T> read) {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql.get())) {
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
