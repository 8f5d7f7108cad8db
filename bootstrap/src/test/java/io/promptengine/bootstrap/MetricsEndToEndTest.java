package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.adapters.metrics.micrometer.Exposition;
import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.domain.error.UpstreamException;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /metrics} on the real application, read by an independent parser of the exposition format: known
 * traffic (sync executions on a stub provider, a failed call, a cache hit, an idempotent replay, a rate-limit
 * refusal, a stream, an async execution through the queue) moves the counters by exactly what it should, labels
 * stay bounded, OpenMetrics is served on request, and only the operator may scrape.
 */
class MetricsEndToEndTest {

    private static final String EXECUTE = "/v1/prompt/execute";
    private static final StubModelProvider STUB = new StubModelProvider();
    /** Routed by name, it passes any model on, as OpenAI's does: a model nobody configured reaches it. */
    private static final String UNLISTED_MODEL = "flaky/unlisted-model-7f3a";
    /** The prices file prices the stub's model at $1 per input token and $2 per output token. */
    private static final double COST_PER_STUB_CALL = StubModelProvider.INPUT_TOKENS * 1.0
            + StubModelProvider.OUTPUT_TOKENS * 2.0;
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    private static RunningApp app;
    private static Operator operator;
    private static Api acme;

    @BeforeAll
    static void start() throws IOException {
        Path prices = Files.createTempFile("pe-prices-", ".json");
        Files.writeString(prices, "{\"stub/hold\": {\"input_per_million\": 1000000, \"output_per_million\": 2000000}}");
        // an OpenAI-compatible server that nothing calls: its provider stands behind a circuit breaker
        app = RunningApp.start(Map.of("PE_CACHE_TTL_SECONDS", "300", "PE_PRICES_FILE", prices.toString(),
                "OPENAI_BASE_URL", "http://127.0.0.1:9/v1", "PE_QUEUE_POLL_MS", "20"), STUB, new FlakyProvider());
        operator = new Operator(app);
        assertThat(app.admin().post("/v1/admin/plans", "{\"name\":\"tiny\",\"requests_per_minute\":1}").status())
                .isEqualTo(201);
        operator.createTenant("acme", "enterprise");
        acme = app.api().withKey(operator.issueKey("acme", "execute", "read"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @BeforeEach
    void answerAtOnce() {
        STUB.answerEverything();
    }

    @Test
    void givenKnownTraffic_scrape_movesEachCounterByExactlyThatTraffic() {
        Api tiny = onTinyPlan("tiny-deltas");
        Exposition before = scrape();

        // two stub calls answered sync through the cache (misses), then a hit of the first
        assertThat(acme.post(EXECUTE, body("metrics first")).status()).isEqualTo(200);
        assertThat(acme.post(EXECUTE, body("metrics first")).header("X-Cache")).contains("HIT");
        // an idempotent request and its replay: one call
        HttpRequest keyed = acme.jsonPost(EXECUTE, body("metrics keyed")).header("Idempotency-Key", "metrics-1")
                .build();
        assertThat(acme.send(keyed).status()).isEqualTo(200);
        assertThat(acme.send(keyed).status()).isEqualTo(200);
        // a failed call: a miss, a failed execution, the provider's error
        assertThat(acme.post(EXECUTE, "{\"model\":\"" + UNLISTED_MODEL + "\",\"input\":\"fail\"}").status())
                .isEqualTo(502);
        // a plan of one request a minute: the first runs (a miss), the second is refused
        assertThat(tiny.post(EXECUTE, body("metrics tiny")).status()).isEqualTo(200);
        assertThat(tiny.post(EXECUTE, body("metrics tiny again")).status()).isEqualTo(429);
        // a stream, past the cache
        HttpRequest stream = acme.jsonPost(EXECUTE, "{\"model\":\"" + StubModelProvider.MODEL
                + "\",\"input\":\"metrics streamed\",\"stream\":true}").build();
        assertThat(acme.send(stream).status()).isEqualTo(200);
        // an async execution through the queue
        Api.Reply queued = acme.post(EXECUTE, "{\"model\":\"" + StubModelProvider.MODEL
                + "\",\"input\":\"metrics async\",\"async\":true}");
        assertThat(queued.status()).isEqualTo(202);
        JsonNode done = acme.awaitStatus(queued.json().path("id").asString(), "completed");
        assertThat(done.path("status").asString()).isEqualTo("completed");

        Map<String, String> stubCompleted = Map.of("surface", "execute_api", "status", "completed",
                "provider", "stub", "model", StubModelProvider.MODEL);
        // the worker counts the async execution once its finish is stored, which the API may show a moment sooner
        Exposition after = Eventually.await("the async execution counted", MetricsEndToEndTest::scrape,
                scrape -> scrape.delta(before, "pe_executions_total", stubCompleted) >= 6);
        // first, hit, keyed, tiny, stream, async
        assertThat(after.delta(before, "pe_executions_total", stubCompleted)).isEqualTo(6);
        assertThat(after.delta(before, "pe_executions_total", Map.of("status", "failed", "provider", "flaky",
                "model", "other"))).isEqualTo(1);
        assertThat(after.delta(before, "pe_executions_total", Map.of())).isEqualTo(7);
        // first, keyed, the failed call and tiny's first missed; the second "metrics first" hit
        assertThat(after.delta(before, "pe_cache_lookups_total", Map.of("outcome", "miss"))).isEqualTo(4);
        assertThat(after.delta(before, "pe_cache_lookups_total", Map.of("outcome", "hit"))).isEqualTo(1);
        assertThat(after.delta(before, "pe_cache_lookups_total", Map.of("outcome", "bypass"))).isZero();
        assertThat(after.delta(before, "pe_idempotent_replays_total", Map.of())).isEqualTo(1);
        assertThat(after.delta(before, "pe_limit_refusals_total", Map.of("reason", "rate_limited", "plan", "tiny")))
                .isEqualTo(1);
        assertThat(after.delta(before, "pe_limit_refusals_total", Map.of())).isEqualTo(1);
        // the stub was called five times (first, keyed, tiny, stream, async), the flaky provider once
        assertThat(after.delta(before, "pe_provider_calls_seconds_count", Map.of("provider", "stub",
                "outcome", "ok", "status_class", "2xx"))).isEqualTo(5);
        assertThat(after.delta(before, "pe_provider_calls_seconds_count", Map.of("provider", "flaky",
                "outcome", "upstream_error", "status_class", "5xx"))).isEqualTo(1);
        assertThat(after.delta(before, "pe_provider_time_to_first_token_seconds_count", Map.of("provider", "stub")))
                .isEqualTo(1);
        assertThat(after.delta(before, "pe_tokens_total", Map.of("model", StubModelProvider.MODEL, "kind", "input")))
                .isEqualTo(5 * StubModelProvider.INPUT_TOKENS);
        assertThat(after.delta(before, "pe_tokens_total", Map.of("model", StubModelProvider.MODEL, "kind", "output")))
                .isEqualTo(5 * StubModelProvider.OUTPUT_TOKENS);
        assertThat(after.delta(before, "pe_tokens_total", Map.of("kind", "cached"))).isZero();
        assertThat(after.delta(before, "pe_cost_usd_total", Map.of("model", StubModelProvider.MODEL)))
                .isEqualTo(5 * COST_PER_STUB_CALL);
        assertThat(after.delta(before, "pe_queue_claims_total", Map.of())).isEqualTo(1);
        assertThat(after.delta(before, "pe_queue_reclaims_total", Map.of())).isZero();
        assertThat(after.delta(before, "pe_queue_lease_expiries_total", Map.of())).isZero();
        Map<String, String> execute = Map.of("method", "POST", "route", EXECUTE);
        // first twice, keyed twice, tiny's first, the stream
        assertThat(after.delta(before, "pe_http_server_requests_seconds_count", with(execute, "status", "200")))
                .isEqualTo(6);
        assertThat(after.delta(before, "pe_http_server_requests_seconds_count", with(execute, "status", "202")))
                .isEqualTo(1);
        assertThat(after.delta(before, "pe_http_server_requests_seconds_count", with(execute, "status", "429")))
                .isEqualTo(1);
        assertThat(after.delta(before, "pe_http_server_requests_seconds_count", with(execute, "status", "502")))
                .isEqualTo(1);
        assertThat(after.delta(before, "pe_http_server_requests_seconds_bucket", with(with(execute, "status", "200"),
                "le", "+Inf"))).isEqualTo(6);
    }

    @Test
    void givenRawPathsAndUnknownModels_scrape_labelsThemByTemplateAndOther() {
        Api.Reply queued = acme.post(EXECUTE, "{\"model\":\"" + StubModelProvider.MODEL
                + "\",\"input\":\"metrics labels\",\"async\":true}");
        String id = queued.json().path("id").asString();
        acme.awaitStatus(id, "completed");
        assertThat(acme.get("/v1/executions/" + id).status()).isEqualTo(200);
        assertThat(acme.get("/v1/no-such-route-5d1e").status()).isEqualTo(404);
        assertThat(acme.post(EXECUTE, "{\"model\":\"" + UNLISTED_MODEL + "\",\"input\":\"fail again\"}").status())
                .isEqualTo(502);

        Exposition scrape = scrape();

        assertThat(scrape.allLabelValues()).noneMatch(value -> value.contains(id) || value.contains("5d1e")
                || value.contains("unlisted-model"));
        assertThat(scrape.labelValues("route")).contains("/v1/executions/{id}", "/v1/executions/{id}/status",
                "/v1/prompt/execute",
                "unmatched").allMatch(route -> route.equals("unmatched") || route.startsWith("/"));
        assertThat(scrape.labelValues("model")).contains(StubModelProvider.MODEL, "other");
        assertThat(scrape.sum("pe_http_server_requests_seconds_count", Map.of("route", "unmatched",
                "status", "404"))).isGreaterThanOrEqualTo(1);
        assertThat(scrape.labelValues("tenant")).isEmpty();
    }

    @Test
    void givenTheEngineRuns_scrape_showsBreakersQueuePoolAndJvm() {
        Exposition scrape = scrape();

        assertThat(scrape.sum("pe_circuit_breaker_state", Map.of("provider", "openai", "state", "closed")))
                .isEqualTo(1);
        assertThat(scrape.sum("pe_circuit_breaker_state", Map.of("provider", "openai", "state", "open")))
                .isZero();
        assertThat(scrape.samples("pe_queue_depth")).hasSize(1);
        assertThat(scrape.samples("pe_queue_oldest_age_seconds")).hasSize(1);
        assertThat(scrape.sum("pe_db_pool_connections_max", Map.of("pool", "prompt-engine-db"))).isEqualTo(16);
        assertThat(scrape.sum("pe_db_pool_acquire_seconds_count", Map.of("pool", "prompt-engine-db"))).isPositive();
        assertThat(scrape.sum("pe_db_pool_usage_seconds_count", Map.of("pool", "prompt-engine-db"))).isPositive();
        assertThat(scrape.type("pe_db_pool_acquire_seconds")).isEqualTo("HISTOGRAM");
        assertThat(scrape.sum("pe_db_pool_timeouts_total", Map.of("pool", "prompt-engine-db"))).isZero();
        assertThat(scrape.names()).contains("jvm_memory_used_bytes", "jvm_threads_live_threads",
                "jvm_classes_loaded_classes", "process_uptime_seconds", "system_cpu_count");
        assertThat(scrape.type("pe_executions_total")).isEqualTo("COUNTER");
        assertThat(scrape.type("pe_http_server_requests_seconds")).isEqualTo("HISTOGRAM");
    }

    @Test
    void givenHttpHistogram_buckets_resolveATenthOfAMillisecondToAMinute() {
        acme.get("/v1/executions?limit=1");

        Exposition scrape = scrape();

        Set<String> bounds = new TreeSet<>();
        scrape.samples("pe_http_server_requests_seconds_bucket").forEach(sample -> bounds.add(sample.labels()
                .get("le")));
        assertThat(bounds).contains("1.0E-4", "2.5E-4", "0.001", "0.01", "0.1", "1.0", "10.0", "60.0", "+Inf");
    }

    /**
     * Hawkular's parser predates OpenMetrics and passes over its counters (a family {@code pe_executions} whose
     * samples are {@code pe_executions_total}); it reads the gauges and histograms, which the two formats share.
     */
    @Test
    void givenOpenMetricsAccept_scrape_answersOpenMetrics() {
        Api.Reply reply = app.admin().send(app.admin().request("/metrics")
                .header("Accept", "application/openmetrics-text; version=1.0.0,text/plain;q=0.5").GET().build());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/openmetrics-text; version=1.0.0"));
        assertThat(reply.body()).endsWith("# EOF\n").contains("# TYPE pe_executions counter");
        assertThat(Exposition.parse(reply.body()).names()).contains("pe_http_server_requests_seconds_bucket",
                "pe_queue_depth", "jvm_threads_live_threads");
    }

    @Test
    void givenNoOperatorKey_scrape_isRefused() {
        Api.Reply anonymous = app.api().withKey(null).get("/metrics");
        Api.Reply tenant = acme.get("/metrics");

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.body()).doesNotContain("pe_executions");
        assertThat(tenant.status()).isEqualTo(403);
        assertThat(tenant.body()).doesNotContain("pe_executions");
    }

    @Test
    void givenDashboardAndAlertRules_everyMetricTheyName_isInAScrape() throws IOException {
        // the traffic that makes every labelled series appear at least once
        Api tiny = onTinyPlan("tiny-dashboard");
        tiny.post(EXECUTE, body("metrics for the dashboard, admitted"));
        acme.post(EXECUTE, body("metrics for the dashboard"));
        acme.post(EXECUTE, body("metrics for the dashboard"));
        tiny.post(EXECUTE, body("metrics for the dashboard, refused"));
        HttpRequest keyed = acme.jsonPost(EXECUTE, body("metrics for the dashboard, keyed"))
                .header("Idempotency-Key", "metrics-dashboard").build();
        acme.send(keyed);
        acme.send(keyed);
        acme.send(acme.jsonPost(EXECUTE, "{\"model\":\"" + StubModelProvider.MODEL
                + "\",\"input\":\"metrics dashboard stream\",\"stream\":true}").build());
        Exposition scrape = scrape();
        String dashboard = Files.readString(REPOSITORY.resolve("deploy/grafana/prompt-engine.json"));
        String alerts = Files.readString(REPOSITORY.resolve("deploy/prometheus/alerts.yml"));

        Set<String> named = new TreeSet<>();
        for (JsonNode panel : Api.JSON.readTree(dashboard).path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                named.addAll(metricNames(target.path("expr").asString()));
            }
        }
        Set<String> inDashboard = Set.copyOf(named);
        for (String line : alerts.lines().toList()) {
            if (line.strip().startsWith("expr:")) {
                named.addAll(metricNames(line.strip().substring("expr:".length())));
            }
        }

        assertThat(inDashboard).contains("pe_http_server_requests_seconds_bucket", "pe_executions_total",
                "pe_tokens_total", "pe_queue_depth", "pe_circuit_breaker_state");
        assertThat(named).contains("pe_queue_oldest_age_seconds", "pe_limit_refusals_total")
                .allSatisfy(name -> assertThat(scrape.names()).as("scraped names").contains(name));
    }

    @Test
    void givenMetricsOff_metrics_isNotServed() {
        try (RunningApp off = RunningApp.start(Map.of("PE_METRICS", "false"))) {
            assertThat(off.admin().get("/metrics").status()).isEqualTo(404);
        }
    }

    /** A client of a new tenant on the plan of one request a minute. */
    private static Api onTinyPlan(String slug) {
        operator.createTenant(slug, "tiny");
        return app.api().withKey(operator.issueKey(slug, "execute", "read"));
    }

    /** The metric names in a PromQL expression: identifiers with our prefixes, and the JVM's. */
    private static Set<String> metricNames(String promql) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = Pattern.compile("\\b(?:pe|jvm|process|system|hikaricp)_[a-z0-9_]+").matcher(promql);
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }

    private static Exposition scrape() {
        Api.Reply reply = app.admin().get("/metrics");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/plain; version=0.0.4"));
        return Exposition.parse(reply.body());
    }

    private static Map<String, String> with(Map<String, String> labels, String name, String value) {
        Map<String, String> more = new java.util.HashMap<>(labels);
        more.put(name, value);
        return Map.copyOf(more);
    }

    private static String body(String input) {
        return "{\"model\":\"" + StubModelProvider.MODEL + "\",\"input\":\"" + input + "\"}";
    }

    /** A provider whose every call fails for good, and which passes any model name on. */
    private static final class FlakyProvider implements ModelProvider {

        @Override
        public String name() {
            return "flaky";
        }

        @Override
        public ModelResponse complete(ModelRequest request) {
            throw UpstreamException.answered(503, "the flaky provider answers 503 to every call", false,
                    Optional.empty(), null);
        }
    }
}
