package io.promptengine.bootstrap;

import static io.promptengine.bootstrap.ErrorEnvelopeAssert.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The real application with OpenAI and Anthropic pointed at a local stub: retries and their spacing against
 * {@code Retry-After}, no retry on 401, Anthropic's 529, fallback to a second model on another provider, the
 * circuit breaker failing fast, cost on the execution, a provider slower than the deadline or stalling after its
 * headers answered 504 at the deadline, and no secret in any response or log line.
 */
class ProviderFailurePolicyEndToEndTest {

    private static final String OPENAI_KEY = "sk-e2e-openai-secret-0123456789";
    private static final String ANTHROPIC_KEY = "sk-ant-e2e-anthropic-secret-9876543210";
    private static final String RATE_LIMITED = "{\"error\":{\"message\":\"Rate limit reached for gpt-4o in "
            + "organization org-e2e on requests per min (RPM): Limit 3, Used 3, Requested 1.\",\"type\":\"requests\","
            + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}";
    private static final String SERVER_ERROR = "{\"error\":{\"message\":\"The server had an error while processing "
            + "your request. Sorry about that!\",\"type\":\"server_error\",\"param\":null,\"code\":null}}";
    private static final String OVERLOADED = "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
            + "\"message\":\"Overloaded\"},\"request_id\":\"req_e2e\"}";

    private ProviderStub stub;
    private RunningApp app;
    private ListAppender<ILoggingEvent> logs;

    @BeforeEach
    void start() throws IOException {
        logs = new ListAppender<>();
        logs.start();
        root().addAppender(logs);
        ours().setLevel(Level.DEBUG);
        stub = new ProviderStub();
        app = RunningApp.start(Map.of(
                "OPENAI_API_KEY", OPENAI_KEY,
                "OPENAI_BASE_URL", stub.baseUrl().toString(),
                "ANTHROPIC_API_KEY", ANTHROPIC_KEY,
                "ANTHROPIC_BASE_URL", stub.baseUrl().toString(),
                "PE_PROVIDER_MAX_ATTEMPTS", "3",
                "PE_PROVIDER_RETRY_BASE_MS", "20",
                "PE_PROVIDER_RETRY_MAX_MS", "100",
                "PE_PROVIDER_BREAKER_OPEN_SECONDS", "600"));
    }

    @AfterEach
    void stop() {
        app.close();
        stub.close();
        root().detachAppender(logs);
        ours().setLevel(null);
        assertThat(logs.list).as("the captured log").isNotEmpty();
        for (ILoggingEvent event : logs.list) {
            assertThat(text(event)).as("a log line").doesNotContain(OPENAI_KEY).doesNotContain(ANTHROPIC_KEY);
        }
    }

    @Test
    void given429WithRetryAfter_execute_waitsThatLongThenAnswersAndRecordsBothCalls() {
        stub.then(ProviderStub.CHAT, 429, Map.of("Retry-After", "1"), RATE_LIMITED);

        Api.Reply executed = execute("gpt-4o");

        assertThat(executed.status()).as(executed.body()).isEqualTo(200);
        assertThat(executed.json().path("output").asString()).isEqualTo("Hello from OpenAI.");
        assertThat(stub.arrivals(ProviderStub.CHAT)).hasSize(2);
        assertThat(stub.gap(ProviderStub.CHAT, 0)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        JsonNode execution = execution(executed);
        assertThat(execution.path("provider_attempts").asInt()).isEqualTo(2);
        assertThat(execution.path("attempts").asInt()).isEqualTo(1);
        assertThat(execution.path("last_provider_error").path("message").asString()).contains("HTTP 429");
        // 12 input tokens at $2.50 and 5 output tokens at $10.00 per million
        assertThat(execution.path("cost").decimalValue()).isEqualByComparingTo(new BigDecimal("0.00008"));
        assertSafe(executed);
    }

    @Test
    void givenRetryAfterMs_execute_honoursTheMilliseconds() {
        stub.then(ProviderStub.CHAT, 503, Map.of("retry-after-ms", "600", "Retry-After", "0"), SERVER_ERROR);

        Api.Reply executed = execute("gpt-4o");

        assertThat(executed.status()).isEqualTo(200);
        assertThat(stub.gap(ProviderStub.CHAT, 0)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
    }

    @Test
    void givenRejectedKey_execute_isNotRetriedAndNeverQuotesTheKey() {
        stub.always(ProviderStub.CHAT, 401, "{\"error\":{\"message\":\"Incorrect API key provided: " + OPENAI_KEY
                + ".\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}");

        Api.Reply executed = execute("gpt-4o");

        assertError(executed, 502, "upstream_error");
        assertThat(executed.json().path("error").path("message").asString()).contains("credentials were rejected");
        assertThat(stub.arrivals(ProviderStub.CHAT)).hasSize(1);
        assertSafe(executed);
        JsonNode execution = app.api().get("/v1/executions?limit=1").json().path("data").get(0);
        assertThat(execution.path("provider_attempts").asInt()).isEqualTo(1);
        assertThat(execution.path("status").asString()).isEqualTo("failed");
    }

    @Test
    void givenAnthropicOverloaded_execute_retriesAndAnswers() {
        stub.then(ProviderStub.MESSAGES, 529, Map.of(), OVERLOADED);

        Api.Reply executed = execute("claude-3-5-haiku-20241022");

        assertThat(executed.status()).as(executed.body()).isEqualTo(200);
        assertThat(executed.json().path("output").asString()).isEqualTo("Hello from Anthropic.");
        assertThat(stub.arrivals(ProviderStub.MESSAGES)).hasSize(2);
        assertThat(stub.arrivals(ProviderStub.MESSAGES).get(1).header("x-api-key")).isEqualTo(ANTHROPIC_KEY);
        JsonNode execution = execution(executed);
        assertThat(execution.path("last_provider_error").path("message").asString()).contains("overloaded_error");
        // 20 input tokens at $0.80 and 10 output tokens at $4.00 per million
        assertThat(execution.path("cost").decimalValue()).isEqualByComparingTo(new BigDecimal("0.000056"));
    }

    @Test
    void givenServerErrorsThroughout_execute_givesUpAfterTheAttemptsAs502() {
        stub.always(ProviderStub.CHAT, 500, SERVER_ERROR);

        Api.Reply executed = execute("gpt-4o");

        assertError(executed, 502, "upstream_error");
        assertThat(executed.json().path("error").path("message").asString()).contains("HTTP 500");
        assertThat(stub.arrivals(ProviderStub.CHAT)).hasSize(3);
    }

    @Test
    void givenPrimaryModelDown_aPromptVersionWithFallback_answersFromTheFallbackModel() {
        stub.always(ProviderStub.CHAT, 503, SERVER_ERROR);
        String prompt = app.api().post("/v1/prompts", "{\"name\":\"greeter\",\"title\":\"Greeter\"}")
                .json().path("id").asString();
        Api.Reply version = app.api().post("/v1/prompts/" + prompt + "/versions", """
                {"user_template": "Say hello to {{name}}", "model": "gpt-4o",
                 "fallback_models": ["anthropic/claude-3-5-haiku-20241022"]}""");
        assertThat(version.status()).as(version.body()).isEqualTo(201);

        Api.Reply tested = app.api().post("/v1/prompts/" + prompt + "/versions/1/test",
                "{\"input\": {\"name\": \"Ada\"}}");

        assertThat(tested.status()).as(tested.body()).isEqualTo(200);
        assertThat(tested.json().path("output").asString()).isEqualTo("Hello from Anthropic.");
        assertThat(tested.json().path("model").asString()).isEqualTo("gpt-4o");
        assertThat(tested.json().path("fallback_model").asString()).isEqualTo("anthropic/claude-3-5-haiku-20241022");
        assertThat(tested.json().path("provider_attempts").asInt()).isEqualTo(4);
        assertThat(tested.json().path("last_provider_error").path("message").asString()).contains("HTTP 503");
        assertThat(tested.json().path("cost").decimalValue()).isEqualByComparingTo(new BigDecimal("0.000056"));
        assertThat(stub.arrivals(ProviderStub.CHAT)).hasSize(3);
        assertThat(stub.arrivals(ProviderStub.MESSAGES).get(0).body()).contains("\"model\":\"claude-3-5-haiku-20241022\"");
    }

    @Test
    void givenProviderDown_theCircuitOpens_andCallsFailFastWithoutReachingIt() {
        stub.always(ProviderStub.CHAT, 503, SERVER_ERROR);

        assertError(execute("gpt-4o"), 502, "upstream_error");
        // calls 4 and 5 fail too; with 5 of 5 failed the breaker opens and the third attempt is refused
        Api.Reply opened = execute("gpt-4o");
        Api.Reply refused = execute("gpt-4o");

        assertError(opened, 503, "unavailable");
        assertError(refused, 503, "unavailable");
        assertThat(refused.json().path("error").path("message").asString())
                .contains("Provider 'openai' is failing, so its circuit is open")
                .contains("it will be tried again after");
        assertThat(Long.parseLong(refused.header("Retry-After").orElseThrow())).isBetween(590L, 600L);
        assertThat(stub.arrivals(ProviderStub.CHAT)).hasSize(5);
    }

    @Test
    void givenReplySlowerThanTheEndpointTimeout_call_is504AtTheDeadlineAndTheExecutionTimedOut() {
        stub.thenSlowly(ProviderStub.CHAT, Duration.ofSeconds(6));
        publishEndpoint("/api/v1/slow", 1);

        long start = System.nanoTime();
        Api.Reply called = app.api().post("/api/v1/slow", "{\"name\":\"Ada\"}");
        Duration waited = Duration.ofNanos(System.nanoTime() - start);

        assertError(called, 504, "timeout");
        assertThat(waited).as("answered at the 1 s deadline, not when the 6 s reply came").isLessThan(
                Duration.ofSeconds(5));
        assertTimedOut(called);
        assertThat(stub.arrivals(ProviderStub.CHAT)).as("no retry after the deadline").hasSize(1);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void givenProviderStallingAfterItsHeaders_call_is504AtTheDeadlineAndTheExecutionTimedOut() {
        stub.thenStallingAfterHeaders(ProviderStub.CHAT, Duration.ofSeconds(10));
        publishEndpoint("/api/v1/stalled", 1);

        long start = System.nanoTime();
        Api.Reply called = app.api().post("/api/v1/stalled", "{\"name\":\"Ada\"}");
        Duration waited = Duration.ofNanos(System.nanoTime() - start);

        assertError(called, 504, "timeout");
        assertThat(waited).as("answered at the 1 s deadline, not when the 10 s stall ends").isLessThan(
                Duration.ofSeconds(5));
        assertTimedOut(called);
        assertThat(stub.arrivals(ProviderStub.CHAT)).as("no retry after the deadline").hasSize(1);
        Api.Reply next = app.api().post("/api/v1/stalled", "{\"name\":\"Grace\"}");
        assertThat(next.status()).as(next.body()).isEqualTo(200);
        assertThat(next.body()).isEqualTo("Hello from OpenAI.");
    }

    /** A published endpoint at {@code path} whose executions have {@code timeoutSeconds}, on gpt-4o. */
    private void publishEndpoint(String path, int timeoutSeconds) {
        String endpoint = app.api().post("/v1/endpoints", "{\"path\":\"" + path + "\",\"timeout_seconds\":"
                + timeoutSeconds + ",\"input_schema\":{\"type\":\"object\",\"properties\":{\"name\":"
                + "{\"type\":\"string\"}}}}").json().path("id").asString();
        String prompt = app.api().post("/v1/prompts", "{\"name\":\"" + path.substring(path.lastIndexOf('/') + 1)
                + "\",\"title\":\"Deadline\",\"endpoint_id\":\"" + endpoint + "\"}").json().path("id").asString();
        assertThat(app.api().post("/v1/prompts/" + prompt + "/versions",
                "{\"user_template\":\"Say hello to {{name}}\",\"model\":\"gpt-4o\"}").status()).isEqualTo(201);
        assertThat(app.api().post("/v1/prompts/" + prompt + "/versions/1/publish", "").status()).isEqualTo(200);
    }

    private void assertTimedOut(Api.Reply called) {
        String id = called.header("X-Execution-Id").orElseThrow();
        assertThat(app.api().get("/v1/executions/" + id).json().path("status").asString()).isEqualTo("timed_out");
    }

    private Api.Reply execute(String model) {
        return app.api().post("/v1/prompt/execute", "{\"model\":\"" + model + "\",\"input\":\"Hi\"}");
    }

    private JsonNode execution(Api.Reply executed) {
        return app.api().get("/v1/executions/" + executed.json().path("id").asString()).json();
    }

    private static void assertSafe(Api.Reply reply) {
        assertThat(reply.body()).doesNotContain(OPENAI_KEY).doesNotContain(ANTHROPIC_KEY);
    }

    private static Logger ours() {
        return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("io.promptengine");
    }

    private static Logger root() {
        return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private static String text(ILoggingEvent event) {
        StringBuilder text = new StringBuilder(event.getFormattedMessage());
        for (IThrowableProxy thrown = event.getThrowableProxy(); thrown != null; thrown = thrown.getCause()) {
            text.append(' ').append(thrown.getMessage());
        }
        return text.toString();
    }
}
