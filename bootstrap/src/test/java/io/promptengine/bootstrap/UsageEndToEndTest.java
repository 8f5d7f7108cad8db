package io.promptengine.bootstrap;

import static io.promptengine.bootstrap.ErrorEnvelopeAssert.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET /v1/usage}: the tenant's executions summed by day, model or endpoint, with their cost. */
class UsageEndToEndTest {

    private ProviderStub stub;
    private RunningApp app;

    @BeforeEach
    void start() throws IOException {
        stub = new ProviderStub();
        // the cache off: the same request twice must reach the provider twice and be charged twice
        app = RunningApp.start(Map.of("OPENAI_API_KEY", "sk-usage-e2e", "OPENAI_BASE_URL",
                stub.baseUrl().toString(), "PE_CACHE_TTL_SECONDS", "0"));
    }

    @AfterEach
    void stop() {
        app.close();
        stub.close();
    }

    @Test
    void givenExecutions_usageByModel_sumsTheirTokensAndCost() {
        execute("gpt-4o");
        execute("gpt-4o");
        execute("echo");

        Api.Reply usage = app.api().get("/v1/usage?group_by=model");

        assertThat(usage.status()).as(usage.body()).isEqualTo(200);
        assertThat(usage.json().path("group_by").asString()).isEqualTo("model");
        JsonNode gpt = row(usage.json(), "gpt-4o");
        assertThat(gpt.path("executions").asLong()).isEqualTo(2);
        assertThat(gpt.path("input_tokens").asLong()).isEqualTo(24);
        assertThat(gpt.path("output_tokens").asLong()).isEqualTo(10);
        assertThat(gpt.path("total_tokens").asLong()).isEqualTo(34);
        assertThat(gpt.path("cost").decimalValue()).isEqualByComparingTo(new BigDecimal("0.00016"));
        assertThat(row(usage.json(), "echo").path("cost").decimalValue()).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void givenExecutions_usageByDay_hasTodayInUtc() {
        execute("gpt-4o");

        Api.Reply usage = app.api().get("/v1/usage");

        assertThat(usage.status()).isEqualTo(200);
        assertThat(usage.json().path("group_by").asString()).isEqualTo("day");
        assertThat(row(usage.json(), LocalDate.now(ZoneOffset.UTC).toString()).path("executions").asLong())
                .isEqualTo(1);
    }

    @Test
    void givenExecutionsOfNoEndpoint_usageByEndpoint_hasARowWithoutKey() {
        execute("echo");

        JsonNode data = app.api().get("/v1/usage?group_by=endpoint").json().path("data");

        assertThat(data.size()).isEqualTo(1);
        assertThat(data.get(0).has("key")).isFalse();
    }

    @Test
    void givenRangeBeforeTheExecutions_usage_isEmpty() {
        execute("echo");

        Api.Reply usage = app.api().get("/v1/usage?to=2020-01-01T00:00:00Z");

        assertThat(usage.json().path("data").size()).isZero();
        assertThat(usage.json().path("from").asString()).isEqualTo("2019-12-02T00:00:00Z");
    }

    @Test
    void givenKeyWithoutRead_usage_isForbidden() {
        Operator operator = new Operator(app);
        operator.createTenant("usage-exec", "free");

        assertError(app.api().withKey(operator.issueKey("usage-exec", "execute")).get("/v1/usage"), 403, "forbidden");
    }

    @Test
    void givenBadParameters_usage_isA400NamingThem() {
        assertError(app.api().get("/v1/usage?group_by=week"), 400, "validation_error");
        assertThat(app.api().get("/v1/usage?group_by=week").json().path("error").path("field").asString())
                .isEqualTo("group_by");
        assertError(app.api().get("/v1/usage?from=yesterday"), 400, "validation_error");
        assertError(app.api().get("/v1/usage?from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z"), 400,
                "validation_error");
        assertError(app.api().get("/v1/usage?from=2020-01-01T00:00:00Z&to=" + Instant.now()), 400,
                "validation_error");
        assertError(app.api().get("/v1/usage?tenant=other"), 400, "validation_error");
    }

    @Test
    void givenAnotherTenant_usage_doesNotSeeTheseExecutions() {
        execute("gpt-4o");
        Operator operator = new Operator(app);
        operator.createTenant("usage-other", "free");
        Api other = app.api().withKey(operator.issueKey("usage-other", "read"));

        Api.Reply usage = other.get("/v1/usage?group_by=model");

        assertThat(usage.status()).isEqualTo(200);
        assertThat(usage.json().path("data").size()).isZero();
    }

    private void execute(String model) {
        execute(app.api(), model);
    }

    /** Runs {@code Hi} on {@code model}, sync, and returns the completed execution. */
    static JsonNode execute(Api api, String model) {
        Api.Reply executed = api.post("/v1/prompt/execute", "{\"model\":\"" + model + "\",\"input\":\"Hi\"}");
        assertThat(executed.status()).as(executed.body()).isEqualTo(200);
        return executed.json();
    }

    /** The row of {@code key} in a usage report. */
    static JsonNode row(JsonNode report, String key) {
        for (JsonNode row : report.path("data")) {
            if (key.equals(row.path("key").asString(null))) {
                return row;
            }
        }
        throw new AssertionError("no row '" + key + "' in " + report);
    }
}
