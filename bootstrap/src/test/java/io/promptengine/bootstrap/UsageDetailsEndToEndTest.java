package io.promptengine.bootstrap;

import static io.promptengine.bootstrap.UsageEndToEndTest.execute;
import static io.promptengine.bootstrap.UsageEndToEndTest.row;
import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Cached, cache-write and reasoning tokens from a provider's answer to the execution JSON, its cost and
 * {@code GET /v1/usage}: each part priced at the rate of {@code PE_PRICES_FILE}.
 */
class UsageDetailsEndToEndTest {

    /** 1000 in (300 uncached, 600 read from the cache, 100 written to it), 300 out (200 of them reasoning). */
    private static final Usage DETAILED = new Usage(1000, 300, 600, 100, 200);

    @TempDir
    Path directory;

    private RunningApp app;

    @BeforeEach
    void start() throws IOException {
        Path prices = Files.writeString(directory.resolve("prices.json"), """
                {"cachy/*": {"input_per_million": 2, "output_per_million": 8, "cached_input_per_million": 0.5,
                             "cache_write_per_million": 2.5, "reasoning_per_million": 10},
                 "plain/*": {"input_per_million": 2, "output_per_million": 8}}""");
        // the cache off: each request reaches the provider and is charged
        app = RunningApp.start(Map.of("PE_PRICES_FILE", prices.toString(), "PE_CACHE_TTL_SECONDS", "0"),
                new DetailedProvider("cachy"), new DetailedProvider("plain"));
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void givenProviderReportingDetails_execution_showsThemAndIsPricedAtTheirRates() {
        JsonNode executed = execute(app.api(), "cachy/think");

        assertDetails(executed.path("usage"));
        JsonNode stored = app.api().get("/v1/executions/" + executed.path("id").asString()).json();
        assertDetails(stored.path("usage"));
        // 300 × 2 + 600 × 0.5 + 100 × 2.5 + 100 × 8 + 200 × 10, per million
        assertThat(stored.path("cost").decimalValue()).isEqualByComparingTo(new BigDecimal("0.00395"));
    }

    @Test
    void givenPriceWithoutDetailRates_cost_isTheInputAndOutputPriceAsBefore() {
        JsonNode executed = execute(app.api(), "plain/think");

        JsonNode stored = app.api().get("/v1/executions/" + executed.path("id").asString()).json();
        assertDetails(stored.path("usage"));
        // 1000 × 2 + 300 × 8, per million: the details cost their parents' rates
        assertThat(stored.path("cost").decimalValue()).isEqualByComparingTo(new BigDecimal("0.0044"));
    }

    @Test
    void givenExecutionsWithDetails_usage_sumsThemPerGroup() {
        execute(app.api(), "cachy/think");
        execute(app.api(), "cachy/think");
        execute(app.api(), "plain/think");
        execute(app.api(), "echo");

        Api.Reply usage = app.api().get("/v1/usage?group_by=model");

        assertThat(usage.status()).as(usage.body()).isEqualTo(200);
        JsonNode cachy = row(usage.json(), "cachy/think");
        assertThat(cachy.path("executions").asLong()).isEqualTo(2);
        assertThat(cachy.path("input_tokens").asLong()).isEqualTo(2000);
        assertThat(cachy.path("output_tokens").asLong()).isEqualTo(600);
        assertThat(cachy.path("total_tokens").asLong()).isEqualTo(2600);
        assertThat(cachy.path("cached_input_tokens").asLong()).isEqualTo(1200);
        assertThat(cachy.path("cache_write_tokens").asLong()).isEqualTo(200);
        assertThat(cachy.path("reasoning_tokens").asLong()).isEqualTo(400);
        assertThat(cachy.path("cost").decimalValue()).isEqualByComparingTo(new BigDecimal("0.0079"));
        assertThat(row(usage.json(), "echo").path("cached_input_tokens").asLong()).isZero();

        JsonNode day = app.api().get("/v1/usage?group_by=day").json().path("data").get(0);
        assertThat(day.path("cached_input_tokens").asLong()).isEqualTo(1800);
        assertThat(day.path("cache_write_tokens").asLong()).isEqualTo(300);
        assertThat(day.path("reasoning_tokens").asLong()).isEqualTo(600);
        assertThat(day.path("cost").decimalValue()).isEqualByComparingTo(new BigDecimal("0.0123"));
    }

    private static void assertDetails(JsonNode usage) {
        assertThat(usage.path("input_tokens").asLong()).isEqualTo(1000);
        assertThat(usage.path("output_tokens").asLong()).isEqualTo(300);
        assertThat(usage.path("total_tokens").asLong()).isEqualTo(1300);
        assertThat(usage.path("cached_input_tokens").asLong()).isEqualTo(600);
        assertThat(usage.path("cache_write_tokens").asLong()).isEqualTo(100);
        assertThat(usage.path("reasoning_tokens").asLong()).isEqualTo(200);
    }

    /** Answers every call at once with {@link #DETAILED}, as a provider with a prompt cache and reasoning would. */
    private record DetailedProvider(String name) implements ModelProvider {

        @Override
        public List<String> models() {
            return List.of("think");
        }

        @Override
        public ModelResponse complete(ModelRequest request) {
            return new ModelResponse("thought about it", DETAILED, FinishReason.STOP);
        }
    }
}
