package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code Idempotency-Key} whose request died with its process (SIGKILL while its model call hangs) is released:
 * the retry runs and answers 200 instead of 409 — at once on the embedded H2 file after a restart, and on
 * PostgreSQL on the other instance once the dead one's heartbeat is older than its lease. While the holder lives,
 * the retry is a 409.
 */
class IdempotencyAfterCrashEndToEndTest {

    private static final String EXECUTE = "/v1/prompt/execute";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<CompletableFuture<?>> abandoned = new ArrayList<>();
    private QueueCluster cluster;

    @TempDir
    Path directory;

    @AfterEach
    void stopEverything() throws Exception {
        abandoned.forEach(request -> request.cancel(true));
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void givenSingleH2InstanceKilledWhileARequestHeldItsKey_afterRestart_theRetryRunsAtOnce() throws Exception {
        // a lease of 30 s: a release that waited for the dead instance's heartbeat to age would answer 409 here
        cluster = new QueueCluster(Map.of("PE_LEASE_SECONDS", "30"));
        String url = "jdbc:h2:file:" + directory.resolve("prompt-engine").toAbsolutePath();
        String body = body("before the crash");
        Process doomed = cluster.startProcess(url, Map.of());
        int doomedPort = QueueCluster.port(doomed);
        holdInFlight(doomedPort, "order-h2", body);

        doomed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        QueueModelProvider model = QueueModelProvider.answering(Duration.ZERO);
        PromptEngine restarted = cluster.start(url, List.of(model), Map.of());
        HttpResponse<String> retry = execute(restarted.port().orElseThrow(), "order-h2", body, PATIENCE);
        HttpResponse<String> again = execute(restarted.port().orElseThrow(), "order-h2", body, PATIENCE);

        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
        assertThat(retry.body()).contains("\"status\":\"completed\"").contains("before the crash");
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(model.calls()).containsEntry("before the crash", 1);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(again.body()).isEqualTo(retry.body());
    }

    @Test
    void givenPostgresInstanceKilledWhileARequestHeldItsKey_theOtherInstanceRunsTheRetryOnceItsLeasePassed()
            throws Exception {
        cluster = new QueueCluster(Map.of("PE_LEASE_SECONDS", "2"));
        String url = TestPostgres.freshDatabaseUrl();
        String body = body("held by the doomed instance");
        QueueModelProvider model = QueueModelProvider.answering(Duration.ZERO);
        PromptEngine survivor = cluster.start(url, List.of(model), Map.of());
        cluster.liftDemoLimits(survivor.port().orElseThrow());
        Process doomed = cluster.startProcess(url, Map.of());
        int doomedPort = QueueCluster.port(doomed);
        holdInFlight(doomedPort, "order-pg", body);
        String doomedInstance = single(url, "SELECT instance_id FROM idempotency_keys WHERE idempotency_key = "
                + "'order-pg' AND state = 'in_flight'");
        assertThat(doomedInstance).startsWith("pe-" + doomed.pid() + "-");

        HttpResponse<String> whileItLives = execute(survivor.port().orElseThrow(), "order-pg", body, PATIENCE);
        assertThat(whileItLives.statusCode()).as(whileItLives.body()).isEqualTo(409);
        assertThat(whileItLives.body()).contains("still in progress");

        doomed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        Instant lastBeat = Instant.ofEpochMilli(Long.parseLong(single(url, "SELECT CAST(FLOOR(EXTRACT(EPOCH FROM "
                + "heartbeat_at) * 1000) AS BIGINT) FROM instances WHERE instance_id = '" + doomedInstance + "'")));
        List<Integer> answers = new ArrayList<>();
        HttpResponse<String> retry;
        long giveUp = System.nanoTime() + PATIENCE.toNanos();
        do {
            Thread.sleep(100);
            retry = execute(survivor.port().orElseThrow(), "order-pg", body, PATIENCE);
            answers.add(retry.statusCode());
        } while (retry.statusCode() == 409 && System.nanoTime() < giveUp);
        Instant released = Instant.now();

        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
        assertThat(answers.subList(0, answers.size() - 1)).as("answers before the release").containsOnly(409);
        assertThat(released).as("released no sooner than the dead instance's lease after its last heartbeat")
                .isAfterOrEqualTo(lastBeat.plusSeconds(2));
        assertThat(retry.body()).contains("held by the doomed instance");
        assertThat(model.calls()).containsEntry("held by the doomed instance", 1);
        assertThat(QueueCluster.count(url, "SELECT COUNT(*) FROM executions WHERE idempotency_key = 'order-pg'"))
                .isEqualTo(1);
    }

    private static String body(String input) {
        return "{\"model\":\"" + QueueModelProvider.MODEL + "\",\"input\":\"" + input + "\"}";
    }

    /**
     * Sends the request whose model call never answers, and waits until the key is held: until the same request
     * is refused with 409. Whichever of them claimed first holds it, hanging in its model call.
     */
    private void holdInFlight(int port, String key, String body) throws Exception {
        abandoned.add(http.sendAsync(request(port, key, body, Duration.ofMinutes(5)),
                HttpResponse.BodyHandlers.ofString()));
        long giveUp = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < giveUp) {
            Optional<HttpResponse<String>> probe = tryExecute(port, key, body, Duration.ofSeconds(1));
            if (probe.isPresent()) {
                assertThat(probe.get().statusCode()).as(probe.get().body()).isEqualTo(409);
                return;
            }
        }
        throw new AssertionError("the key " + key + " was never held");
    }

    private HttpResponse<String> execute(int port, String key, String body, Duration timeout) throws Exception {
        return tryExecute(port, key, body, timeout).orElseThrow(() -> new AssertionError("no answer in " + timeout));
    }

    /** The answer, or empty when none came within {@code timeout} (the request is then in flight on the server). */
    private Optional<HttpResponse<String>> tryExecute(int port, String key, String body, Duration timeout)
            throws Exception {
        try {
            return Optional.of(http.send(request(port, key, body, timeout), HttpResponse.BodyHandlers.ofString()));
        } catch (HttpTimeoutException e) {
            return Optional.empty();
        }
    }

    private static HttpRequest request(int port, String key, String body, Duration timeout) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + EXECUTE))
                .timeout(timeout)
                .header("Authorization", "Bearer " + RunningApp.DEMO_KEY)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static String single(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).as(sql).isTrue();
            return rows.getString(1);
        }
    }
}
