package io.promptengine.adapters.metrics.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.application.fakes.FakeModelProvider;
import io.promptengine.application.fakes.InMemoryExecutionStore;
import io.promptengine.application.fakes.SampleExecutions;
import io.promptengine.application.model.CacheStatus;
import io.promptengine.application.port.out.ExecutionQueue;
import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.domain.error.CircuitOpenException;
import io.promptengine.domain.error.ErrorKind;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.error.UpstreamException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionError;
import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.execution.ExecutionOutput;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import io.promptengine.domain.prompt.Message;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.tenant.TenantId;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MicrometerMetricsTest {

    private static final TenantId ACME = new TenantId("ten_acme");
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final ModelRequest REQUEST = new ModelRequest("echo", List.of(Message.user("hi")),
            ModelParameters.DEFAULTS, NOW.plusSeconds(60));

    private final MicrometerMetrics metrics = new MicrometerMetrics(
            new MicrometerMetrics.Settings(Set.of("echo"), false));

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void givenEndedExecutions_scrape_countsThemWithTheirTokensAndCostByModel() {
        metrics.executionEnded(ended("echo", new Usage(10, 4, 3, 0, 2), Optional.of(new BigDecimal("0.25"))));
        metrics.executionEnded(ended("echo", new Usage(1, 1), Optional.empty()));

        Exposition scrape = scrape();

        assertThat(scrape.sum("pe_executions_total", Map.of("surface", "execute_api", "status", "completed",
                "provider", "fake", "model", "echo"))).isEqualTo(2);
        assertThat(scrape.sum("pe_tokens_total", Map.of("model", "echo", "kind", "input"))).isEqualTo(11);
        assertThat(scrape.sum("pe_tokens_total", Map.of("model", "echo", "kind", "output"))).isEqualTo(5);
        assertThat(scrape.sum("pe_tokens_total", Map.of("model", "echo", "kind", "cached"))).isEqualTo(3);
        assertThat(scrape.sum("pe_tokens_total", Map.of("model", "echo", "kind", "reasoning"))).isEqualTo(2);
        assertThat(scrape.sum("pe_cost_usd_total", Map.of("model", "echo"))).isEqualTo(0.25);
        assertThat(scrape.labelValues("tenant")).isEmpty();
    }

    @Test
    void givenModelOutsideTheConfiguredOnes_itsLabel_isOther() {
        metrics.executionEnded(ended("gpt-attacker-" + "x".repeat(40), Usage.NONE, Optional.empty()));

        Exposition scrape = scrape();

        assertThat(scrape.labelValues("model")).containsExactly(MicrometerMetrics.OTHER);
        assertThat(scrape.allLabelValues()).noneMatch(value -> value.contains("attacker"));
    }

    @Test
    void givenTenantLabelOn_series_carryTheTenant() {
        try (MicrometerMetrics labelled = new MicrometerMetrics(new MicrometerMetrics.Settings(Set.of(), true))) {
            labelled.executionEnded(ended("echo", new Usage(1, 1), Optional.empty()));
            labelled.refused(ErrorKind.QUOTA_EXCEEDED, "free", ACME);
            labelled.idempotentReplay(ACME);

            Exposition scrape = Exposition.parse(text(labelled.scrape(Optional.empty())));

            assertThat(scrape.sum("pe_executions_total", Map.of("tenant", "ten_acme"))).isEqualTo(1);
            assertThat(scrape.sum("pe_limit_refusals_total", Map.of("reason", "quota_exceeded", "plan", "free",
                    "tenant", "ten_acme"))).isEqualTo(1);
            assertThat(scrape.sum("pe_idempotent_replays_total", Map.of("tenant", "ten_acme"))).isEqualTo(1);
        }
    }

    @Test
    void givenLookupsReplaysAndRefusals_scrape_countsEach() {
        metrics.cacheLookup(Surface.EXECUTE_API, CacheStatus.HIT);
        metrics.cacheLookup(Surface.ENDPOINT, CacheStatus.MISS);
        metrics.cacheLookup(Surface.ENDPOINT, CacheStatus.BYPASS);
        metrics.idempotentReplay(ACME);
        metrics.refused(ErrorKind.RATE_LIMITED, "pro", ACME);

        Exposition scrape = scrape();

        assertThat(scrape.sum("pe_cache_lookups_total", Map.of("surface", "execute_api", "outcome", "hit")))
                .isEqualTo(1);
        assertThat(scrape.sum("pe_cache_lookups_total", Map.of("surface", "endpoint", "outcome", "miss")))
                .isEqualTo(1);
        assertThat(scrape.sum("pe_cache_lookups_total", Map.of("outcome", "bypass"))).isEqualTo(1);
        assertThat(scrape.sum("pe_idempotent_replays_total", Map.of())).isEqualTo(1);
        assertThat(scrape.sum("pe_limit_refusals_total", Map.of("reason", "rate_limited", "plan", "pro")))
                .isEqualTo(1);
    }

    @Test
    void givenProviderCalls_meteredProvider_countsEachByOutcomeAndStatusClass() {
        FakeModelProvider fake = new FakeModelProvider("fake");
        ModelProvider metered = metrics.metered(fake);

        metered.complete(REQUEST);
        fake.failWith(UpstreamException.answered(503, "down", true, Optional.empty(), null));
        assertThatThrownBy(() -> metered.complete(REQUEST)).isInstanceOf(UpstreamException.class);
        fake.failWith(UpstreamException.answered(429, "slow down", true, Optional.empty(), null));
        assertThatThrownBy(() -> metered.complete(REQUEST)).isInstanceOf(UpstreamException.class);
        fake.failWith(new UpstreamException("malformed").onAnswer(200));
        assertThatThrownBy(() -> metered.complete(REQUEST)).isInstanceOf(UpstreamException.class);
        fake.failWith(UpstreamException.transientFailure("refused", Optional.empty(), null));
        assertThatThrownBy(() -> metered.complete(REQUEST)).isInstanceOf(UpstreamException.class);
        fake.failWith(new InvalidInputException("messages", "too long"));
        assertThatThrownBy(() -> metered.complete(REQUEST)).isInstanceOf(InvalidInputException.class);
        fake.failWith(new CircuitOpenException("fake", NOW.plusSeconds(30)));
        assertThatThrownBy(() -> metered.complete(REQUEST)).isInstanceOf(CircuitOpenException.class);
        fake.failWith(new IllegalStateException("a bug"));
        assertThatThrownBy(() -> metered.complete(REQUEST)).isInstanceOf(IllegalStateException.class);

        Exposition scrape = scrape();

        assertThat(metered.name()).isEqualTo("fake");
        assertThat(calls(scrape, "ok", "2xx")).isEqualTo(1);
        assertThat(calls(scrape, "upstream_error", "5xx")).isEqualTo(1);
        assertThat(calls(scrape, "upstream_error", "4xx")).isEqualTo(1);
        assertThat(calls(scrape, "upstream_error", "2xx")).isEqualTo(1);
        assertThat(calls(scrape, "upstream_error", "none")).isEqualTo(1);
        assertThat(calls(scrape, "rejected", "4xx")).isEqualTo(1);
        assertThat(calls(scrape, "circuit_open", "none")).isEqualTo(1);
        assertThat(calls(scrape, "error", "none")).isEqualTo(1);
        assertThat(scrape.sum("pe_provider_time_to_first_token_seconds_count", Map.of())).isZero();
    }

    @Test
    void givenStream_meteredProvider_measuresTheFirstTextOnceAndPassesEveryPieceOn() {
        FakeModelProvider fake = new FakeModelProvider("fake").streamWords("one two three", new Usage(2, 3), true);
        List<String> heard = new java.util.ArrayList<>();

        metrics.metered(fake).stream(REQUEST, heard::add);

        assertThat(String.join("", heard)).isEqualTo("one two three");
        Exposition scrape = scrape();
        assertThat(scrape.sum("pe_provider_time_to_first_token_seconds_count", Map.of("provider", "fake")))
                .isEqualTo(1);
        assertThat(calls(scrape, "ok", "2xx")).isEqualTo(1);
    }

    @Test
    void givenClaimsAndExpiredLeases_meteredQueue_countsClaimsReclaimsAndExpiries() {
        InMemoryExecutionStore store = new InMemoryExecutionStore();
        ExecutionQueue queue = metrics.metered(store);
        store.insert(SampleExecutions.queued("exec_1", ACME, NOW));
        store.insert(SampleExecutions.queued("exec_2", ACME, NOW));
        Duration lease = Duration.ofSeconds(30);
        assertThat(queue.claim("dead", 10, NOW, lease)).hasSize(2);
        ExecutionError exhausted = new ExecutionError("internal_error", "gone");
        // both expire; with 2 attempts allowed, both go back to the queue and are claimed again
        assertThat(queue.reclaim(NOW.plusSeconds(31), 2, exhausted, 10).requeued()).isEqualTo(2);
        assertThat(queue.claim("alive", 10, NOW.plusSeconds(32), lease)).hasSize(2);
        // expired again, with their 2 attempts used up: failed
        assertThat(queue.reclaim(NOW.plusSeconds(70), 2, exhausted, 10).failed()).isEqualTo(2);

        Exposition scrape = scrape();

        assertThat(scrape.sum("pe_queue_claims_total", Map.of())).isEqualTo(4);
        assertThat(scrape.sum("pe_queue_reclaims_total", Map.of())).isEqualTo(2);
        assertThat(scrape.sum("pe_queue_lease_expiries_total", Map.of("outcome", "requeued"))).isEqualTo(2);
        assertThat(scrape.sum("pe_queue_lease_expiries_total", Map.of("outcome", "failed"))).isEqualTo(2);
    }

    @Test
    void givenGauges_scrape_readsTheirCurrentValuesAlsoAfterACollection() {
        AtomicReference<String> state = new AtomicReference<>("CLOSED");
        metrics.circuitBreaker("openai", state::get);
        metrics.queueBacklog(() -> 7, () -> Optional.of(Duration.ofMillis(1_500)));
        metrics.connectionPool("db", () -> Optional.of(new MicrometerMetrics.PoolReading(3, 2, 1, 5, 16)));
        state.set("HALF_OPEN");
        System.gc();

        Exposition scrape = scrape();

        assertThat(scrape.sum("pe_circuit_breaker_state", Map.of("provider", "openai", "state", "half_open")))
                .isEqualTo(1);
        assertThat(scrape.sum("pe_circuit_breaker_state", Map.of("provider", "openai"))).isEqualTo(1);
        assertThat(scrape.sum("pe_queue_depth", Map.of())).isEqualTo(7);
        assertThat(scrape.sum("pe_queue_oldest_age_seconds", Map.of())).isEqualTo(1.5);
        assertThat(scrape.sum("pe_db_pool_connections_active", Map.of("pool", "db"))).isEqualTo(3);
        assertThat(scrape.sum("pe_db_pool_connections_pending", Map.of("pool", "db"))).isEqualTo(1);
        assertThat(scrape.sum("pe_db_pool_connections_max", Map.of("pool", "db"))).isEqualTo(16);
        assertThat(scrape.sum("pe_db_pool_connections_open", Map.of("pool", "db"))).isEqualTo(5);
        assertThat(scrape.names()).doesNotContain("pe_db_pool_connections");
    }

    @Test
    void givenHttpRequest_histogram_hasBucketsFromATenthOfAMillisecondToAMinute() {
        metrics.httpRequest("GET", "/v1/executions/{id}", 200, Duration.ofNanos(80_000));
        metrics.httpRequest("GET", "/v1/executions/{id}", 200, Duration.ofSeconds(45));

        Exposition scrape = scrape();

        Map<String, String> route = Map.of("method", "GET", "route", "/v1/executions/{id}", "status", "200");
        assertThat(scrape.sum("pe_http_server_requests_seconds_count", route)).isEqualTo(2);
        assertThat(bucket(scrape, route, "1.0E-4")).isEqualTo(1);
        assertThat(bucket(scrape, route, "30.0")).isEqualTo(1);
        assertThat(bucket(scrape, route, "60.0")).isEqualTo(2);
        assertThat(bucket(scrape, route, "+Inf")).isEqualTo(2);
    }

    @Test
    void givenAccept_scrape_choosesTheFormat() {
        metrics.idempotentReplay(ACME);

        MicrometerMetrics.Exposition text = metrics.scrape(Optional.of("text/plain"));
        MicrometerMetrics.Exposition none = metrics.scrape(Optional.empty());
        MicrometerMetrics.Exposition open = metrics.scrape(Optional.of("application/openmetrics-text; version=1.0.0"));

        assertThat(text.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(none.contentType()).isEqualTo(text.contentType());
        assertThat(open.contentType()).isEqualTo("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(text(open)).endsWith("# EOF\n").contains("# TYPE pe_idempotent_replays counter");
        assertThat(text(text)).doesNotContain("# EOF").contains("# TYPE pe_idempotent_replays_total counter");
    }

    private static double calls(Exposition scrape, String outcome, String statusClass) {
        return scrape.sum("pe_provider_calls_seconds_count", Map.of("provider", "fake", "outcome", outcome,
                "status_class", statusClass));
    }

    private static double bucket(Exposition scrape, Map<String, String> labels, String le) {
        Map<String, String> withLe = new java.util.HashMap<>(labels);
        withLe.put("le", le);
        return scrape.sum("pe_http_server_requests_seconds_bucket", withLe);
    }

    private Exposition scrape() {
        return Exposition.parse(text(metrics.scrape(Optional.empty())));
    }

    private static String text(MicrometerMetrics.Exposition exposition) {
        return new String(exposition.body(), StandardCharsets.UTF_8);
    }

    private static Execution ended(String model, Usage usage, Optional<BigDecimal> cost) {
        return Execution.queue(new ExecutionId("exec_" + System.nanoTime()), SampleExecutions.request(ACME, model), NOW)
                .start(NOW).complete(ExecutionOutput.text("hi", FinishReason.STOP), usage, cost, NOW.plusSeconds(1));
    }
}
