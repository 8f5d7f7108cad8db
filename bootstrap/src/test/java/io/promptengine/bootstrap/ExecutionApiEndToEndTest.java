package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** The seed 000 flow over real HTTP against the real application, on the built-in {@code echo} model. */
class ExecutionApiEndToEndTest {

    private static final String QUANTUM =
            "{\"model\":\"echo\",\"input\":\"Explain quantum entanglement.\",\"temperature\":0.7,\"max_tokens\":250}";

    private static RunningApp app;

    @BeforeAll
    static void start() {
        app = RunningApp.start();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void seedExample_execute_thenStatus_isCompleted() {
        Api.Reply executed = app.api().post("/v1/prompt/execute", QUANTUM);

        assertThat(executed.status()).isEqualTo(200);
        JsonNode body = executed.json();
        assertThat(body.propertyNames())
                .containsExactlyInAnyOrder("id", "status", "model", "output", "usage", "created_at", "completed_at");
        assertThat(body.path("id").asString()).startsWith("exec_");
        assertThat(body.path("status").asString()).isEqualTo("completed");
        assertThat(body.path("model").asString()).isEqualTo("echo");
        assertThat(body.path("output").asString()).isEqualTo("Explain quantum entanglement.");
        assertUsageAddsUp(body.path("usage"));
        assertThat(instant(body, "completed_at")).isAfterOrEqualTo(instant(body, "created_at"));

        Api.Reply status = app.api().get("/v1/executions/" + body.path("id").asString() + "/status");
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().path("id").asString()).isEqualTo(body.path("id").asString());
        assertThat(status.json().path("status").asString()).isEqualTo("completed");
        assertThat(status.json().path("completed_at").asString()).isEqualTo(body.path("completed_at").asString());
    }

    @Test
    void seedOceanExample_execute_answersTheInput() {
        Api.Reply executed = app.api().post("/v1/prompt/execute",
                "{\"model\":\"echo\",\"input\":\"Write a poem about the ocean.\",\"temperature\":0.5,\"max_tokens\":100}");

        assertThat(executed.status()).isEqualTo(200);
        assertThat(executed.json().path("output").asString()).isEqualTo("Write a poem about the ocean.");
        assertThat(executed.json().path("status").asString()).isEqualTo("completed");
    }

    @Test
    void givenMaxTokensBelowTheAnswer_execute_cutsTheOutputAndSaysSo() {
        String id = app.api().post("/v1/prompt/execute",
                "{\"model\":\"echo\",\"input\":\"one two three four five six seven eight\",\"max_tokens\":2}")
                .json().path("id").asString();

        JsonNode execution = app.api().get("/v1/executions/" + id).json();
        assertThat(execution.path("usage").path("output_tokens").asLong()).isEqualTo(2);
        assertThat(execution.path("output").asString()).isNotEmpty().isNotEqualTo("one two three four five six seven eight");
        assertThat(execution.path("finish_reason").asString()).isEqualTo("length");
    }

    @Test
    void givenSyncExecution_get_showsWhatExecuteAnswered() {
        // other tests send this body too: bypass the response cache so that this one calls the model
        Api.Reply executed = app.api().send(app.api().jsonPost("/v1/prompt/execute", QUANTUM)
                .header("x-cache-bypass", "true").build());
        JsonNode answer = executed.json();

        JsonNode execution = app.api().get("/v1/executions/" + answer.path("id").asString()).json();

        assertThat(execution.path("output").asString()).isEqualTo(answer.path("output").asString());
        assertThat(execution.path("usage")).isEqualTo(answer.path("usage"));
        assertThat(execution.path("created_at").asString()).isEqualTo(answer.path("created_at").asString());
        assertThat(execution.path("completed_at").asString()).isEqualTo(answer.path("completed_at").asString());
        assertThat(execution.path("request_id").asString()).isEqualTo(executed.requestId());
        assertThat(execution.path("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void givenPreferRespondAsync_execute_isAcceptedThenCompletes() {
        Api.Reply accepted = app.api().send(app.api().jsonPost("/v1/prompt/execute", QUANTUM)
                .header("Prefer", "respond-async").build());

        String id = assertAccepted(accepted);
        assertThat(accepted.header("Preference-Applied")).contains("respond-async");
        JsonNode status = app.api().awaitStatus(id, "completed");
        assertThat(status.path("completed_at").isString()).isTrue();
    }

    @Test
    void givenAsyncTrue_execute_isAcceptedThenCompletes() {
        Api.Reply accepted = app.api().post("/v1/prompt/execute",
                "{\"model\":\"echo\",\"input\":\"Explain quantum entanglement.\",\"async\":true}");

        String id = assertAccepted(accepted);
        assertThat(accepted.header("Preference-Applied")).isEmpty();
        app.api().awaitStatus(id, "completed");
    }

    @Test
    void givenCompletedAsyncExecution_get_showsEveryField() {
        Api.Reply accepted = app.api().send(app.api().jsonPost("/v1/prompt/execute", QUANTUM)
                .header("Prefer", "respond-async").build());
        String id = assertAccepted(accepted);
        app.api().awaitStatus(id, "completed");

        Api.Reply reply = app.api().get(accepted.header("Location").orElseThrow());

        assertThat(reply.status()).isEqualTo(200);
        JsonNode execution = reply.json();
        assertThat(execution.path("id").asString()).isEqualTo(id);
        assertThat(execution.path("status").asString()).isEqualTo("completed");
        assertThat(execution.path("source").asString()).isEqualTo("execute_api");
        assertThat(execution.path("model").asString()).isEqualTo("echo");
        assertThat(execution.path("provider").asString()).isEqualTo("local");
        assertThat(execution.path("input").asString()).isEqualTo("Explain quantum entanglement.");
        assertThat(execution.path("output").asString()).isEqualTo("Explain quantum entanglement.");
        assertThat(execution.path("finish_reason").asString()).isEqualTo("stop");
        assertUsageAddsUp(execution.path("usage"));
        assertThat(execution.path("cache_hit").asBoolean()).isFalse();
        assertThat(execution.path("attempts").asInt()).isEqualTo(1);
        assertThat(execution.path("request_id").asString()).isEqualTo(accepted.requestId());
        assertThat(execution.has("error")).isFalse();
        Instant created = instant(execution, "created_at");
        Instant started = instant(execution, "started_at");
        Instant completed = instant(execution, "completed_at");
        assertThat(created).isBeforeOrEqualTo(started);
        assertThat(started).isBeforeOrEqualTo(completed);
        assertThat(created).isEqualTo(instant(accepted.json(), "created_at"));
        assertThat(execution.path("latency_ms").asLong()).isEqualTo(Duration.between(created, completed).toMillis());
    }

    @Test
    void givenExecutions_listWithFilters_walksEveryPageNewestFirst() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(0, app.api().post("/v1/prompt/execute", "{\"model\":\"echo\",\"input\":\"page " + i + "\"}")
                    .json().path("id").asString());
        }
        String filters = "?status=completed&model=echo&source=execute_api&created_from=" + before + "&limit=2";

        List<String> listed = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String query = filters;
        for (int page = 0; page < 10; page++) {
            Api.Reply reply = app.api().get("/v1/executions" + query);
            assertThat(reply.status()).isEqualTo(200);
            JsonNode body = reply.json();
            body.path("data").forEach(item -> listed.add(item.path("id").asString()));
            pageSizes.add(body.path("data").size());
            assertThat(body.path("has_more").asBoolean()).isEqualTo(body.has("next_cursor"));
            if (!body.path("has_more").asBoolean()) {
                break;
            }
            query = filters + "&cursor=" + body.path("next_cursor").asString();
        }

        assertThat(listed).containsExactlyElementsOf(created);
        assertThat(pageSizes).containsExactly(2, 2, 1);
    }

    @Test
    void givenFilterNoExecutionMatches_list_isEmpty() {
        String id = app.api().post("/v1/prompt/execute", "{\"model\":\"echo\",\"input\":\"filtered out\"}")
                .json().path("id").asString();
        String createdAt = app.api().get("/v1/executions/" + id).json().path("created_at").asString();

        for (String filter : List.of("status=failed", "model=other", "source=endpoint",
                "created_before=" + createdAt)) {
            JsonNode body = app.api().get("/v1/executions?created_from=" + createdAt + "&" + filter).json();
            assertThat(body.path("data").size()).as(filter).isZero();
            assertThat(body.path("has_more").asBoolean()).as(filter).isFalse();
        }
        JsonNode matching = app.api().get("/v1/executions?created_from=" + createdAt + "&status=completed").json();
        assertThat(matching.path("data").get(0).path("id").asString()).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Authorization", "x-api-key", "api-key"})
    void givenKeyInAnyAcceptedHeader_execute_isAuthenticated(String header) {
        String value = header.equals("Authorization") ? "Bearer " + RunningApp.DEMO_KEY : RunningApp.DEMO_KEY;
        Api anonymous = app.api().withKey(null);

        Api.Reply reply = anonymous.send(anonymous.request("/v1/prompt/execute").header(header, value)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"echo\",\"input\":\"hi\"}")).build());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("output").asString()).isEqualTo("hi");
    }

    /** A 202 with {@code Location} to the queued execution; returns its id. */
    private static String assertAccepted(Api.Reply accepted) {
        assertThat(accepted.status()).isEqualTo(202);
        JsonNode body = accepted.json();
        String id = body.path("id").asString();
        assertThat(id).startsWith("exec_");
        assertThat(body.path("status").asString()).isEqualTo("queued");
        assertThat(accepted.header("Location")).contains("/v1/executions/" + id);
        return id;
    }

    private static void assertUsageAddsUp(JsonNode usage) {
        assertThat(usage.path("input_tokens").asLong()).isPositive();
        assertThat(usage.path("output_tokens").asLong()).isPositive();
        assertThat(usage.path("total_tokens").asLong())
                .isEqualTo(usage.path("input_tokens").asLong() + usage.path("output_tokens").asLong());
    }

    private static Instant instant(JsonNode body, String field) {
        assertThat(body.path(field).isString()).as(field).isTrue();
        return Instant.parse(body.path(field).asString());
    }
}
