package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /metrics} scraped by a real Prometheus (Debian's, {@link SystemTools}), as an operator runs it: with
 * the operator key from a credentials file, as in {@code deploy/prometheus/prometheus.yml}. Prometheus asks for
 * OpenMetrics first, so its scrape proves the OpenMetrics exposition parses; {@code promtool check metrics} lints
 * the Prometheus text format. H2 only: the exposition is the same on either database.
 */
class PrometheusScrapeTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static RunningApp app;
    private static Process prometheus;
    private static URI prometheusUri;
    private static Path directory;

    @BeforeAll
    static void start() throws IOException {
        Path program = SystemTools.require("prometheus", "prometheus");
        app = RunningApp.start();
        directory = Files.createTempDirectory("pe-prometheus-");
        Path credentials = Files.writeString(directory.resolve("operator-key"), RunningApp.ADMIN_KEY);
        int enginePort = app.engine().port().orElseThrow();
        Files.writeString(directory.resolve("prometheus.yml"), String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "  scrape_timeout: 1s",
                "scrape_configs:",
                "  - job_name: prompt-engine",
                "    metrics_path: /metrics",
                "    authorization:",
                "      type: Bearer",
                "      credentials_file: " + credentials,
                "    static_configs:",
                "      - targets: ['127.0.0.1:" + enginePort + "']",
                ""));
        int port = freePort();
        prometheusUri = URI.create("http://127.0.0.1:" + port);
        prometheus = new ProcessBuilder(program.toString(),
                "--config.file=" + directory.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + directory.resolve("data"),
                "--storage.tsdb.retention.time=1h",
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("prometheus.log").toFile())
                .start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    void givenExecutions_prometheusScrapesOpenMetricsWithTheOperatorKeyAndSeesThem() {
        for (int i = 0; i < 3; i++) {
            assertThat(app.api().post("/v1/prompt/execute", "{\"model\":\"echo\",\"input\":\"scraped " + i + "\"}")
                    .status()).isEqualTo(200);
        }

        JsonNode target = await("the engine scraped up", () -> query("/api/v1/targets?state=active"),
                targets -> targets.path("data").path("activeTargets").size() == 1
                        && "up".equals(targets.path("data").path("activeTargets").get(0).path("health").asString()))
                .path("data").path("activeTargets").get(0);
        assertThat(target.path("lastError").asString()).isEmpty();
        JsonNode executions = await("three echo executions in Prometheus",
                () -> query("/api/v1/query?query=" + encode(
                        "sum(pe_executions_total{job=\"prompt-engine\",status=\"completed\",model=\"echo\"})")),
                answer -> value(answer) >= 3);
        assertThat(value(executions)).isEqualTo(3);
        // OpenMetrics names a counter's family without "_total" (the text format's TYPE line names the sample):
        // metadata under the bare family name is what Prometheus's OpenMetrics parser recorded
        JsonNode metadata = query("/api/v1/targets/metadata?metric=pe_executions&match_target="
                + encode("{job=\"prompt-engine\"}"));
        assertThat(metadata.path("data").size()).as("metadata of pe_executions: %s", metadata).isEqualTo(1);
        assertThat(metadata.path("data").get(0).path("type").asString()).isEqualTo("counter");
        JsonNode histogram = query("/api/v1/query?query=" + encode(
                "sum(pe_http_server_requests_seconds_count{job=\"prompt-engine\",route=\"/v1/prompt/execute\"})"));
        assertThat(value(histogram)).isGreaterThanOrEqualTo(3);
    }

    @Test
    void givenTheTextFormat_promtoolFindsNothingToLintInOurMetrics() throws Exception {
        Path promtool = SystemTools.require("promtool", "prometheus");
        Api.Reply scrape = app.admin().get("/metrics");
        assertThat(scrape.status()).isEqualTo(200);

        Process lint = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        lint.getOutputStream().write(scrape.body().getBytes(StandardCharsets.UTF_8));
        lint.getOutputStream().close();
        String problems = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lint.waitFor(30, TimeUnit.SECONDS)).isTrue();

        // Micrometer's JVM binders name two metrics against the linter's advice; ours must have no problem at all
        List<String> ours = problems.lines().filter(line -> line.startsWith("pe_")).toList();
        assertThat(ours).as("promtool on the pe_ metrics").isEmpty();
        assertThat(problems.lines().filter(line -> !line.isBlank()))
                .allMatch(line -> line.startsWith("process_cpu_time_ns_total ") || line.startsWith("system_cpu_count "),
                        "only the JVM binders' known lint lines");
    }

    private static JsonNode query(String pathAndQuery) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(prometheusUri.resolve(pathAndQuery))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Api.JSON.readTree("{\"status\":\"http " + response.statusCode() + "\"}");
            }
            return Api.JSON.readTree(response.body());
        } catch (IOException e) {
            // not listening yet
            return Api.JSON.readTree("{\"status\":\"unreachable\"}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The value of a query's one-sample vector; -1 when it has none (yet). */
    private static double value(JsonNode answer) {
        JsonNode result = answer.path("data").path("result");
        return result.size() == 1 ? Double.parseDouble(result.get(0).path("value").get(1).asString()) : -1;
    }

    private static JsonNode await(String what, java.util.function.Supplier<JsonNode> probe,
            Predicate<JsonNode> done) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode last = probe.get();
        while (!done.test(last)) {
            if (!prometheus.isAlive()) {
                fail("Prometheus stopped: %s", log());
            }
            if (System.nanoTime() - deadline > 0) {
                fail("Waited %s for %s; last seen: %s; Prometheus said: %s", WAIT, what, last, log());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            last = probe.get();
        }
        return last;
    }

    private static String log() {
        try {
            return Files.readString(directory.resolve("prometheus.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
