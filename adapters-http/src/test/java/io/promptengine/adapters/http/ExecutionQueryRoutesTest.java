package io.promptengine.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.domain.execution.ExecutionOutput;
import io.promptengine.domain.execution.ExecutionStatus;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class ExecutionQueryRoutesTest extends SharedServerTest {

    @Test
    void givenExecutionWithCacheAndReasoningTokens_get_showsThemNextToTheTotals() {
        server.queries.put(Executions.running("exec_details").complete(
                ExecutionOutput.text("Hello", FinishReason.STOP), new Usage(1000, 300, 600, 100, 200),
                Optional.of(new BigDecimal("0.0042")), Executions.ENDED));

        TestServer.Reply reply = server.get("/v1/executions/exec_details");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("usage").toString()).isEqualTo("{\"input_tokens\":1000,\"output_tokens\":300,"
                + "\"total_tokens\":1300,\"cached_input_tokens\":600,\"cache_write_tokens\":100,"
                + "\"reasoning_tokens\":200}");
    }

    @Test
    void givenExecutionWithoutDetails_get_showsThemAsZero() {
        server.queries.put(Executions.completed("exec_plain"));

        JsonNode usage = server.get("/v1/executions/exec_plain").json().path("usage");

        assertThat(usage.path("cached_input_tokens").isIntegralNumber()).isTrue();
        assertThat(usage.path("cached_input_tokens").asLong()).isZero();
        assertThat(usage.path("cache_write_tokens").asLong()).isZero();
        assertThat(usage.path("reasoning_tokens").asLong()).isZero();
        assertThat(usage.path("total_tokens").asLong()).isEqualTo(125);
    }

    @Test
    void givenCompletedExecution_get_answersEveryField() {
        server.queries.put(Executions.completed("exec_done"));

        TestServer.Reply reply = server.get("/v1/executions/exec_done");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.path("id").asString()).isEqualTo("exec_done");
        assertThat(body.path("status").asString()).isEqualTo("completed");
        assertThat(body.path("source").asString()).isEqualTo("execute_api");
        assertThat(body.path("model").asString()).isEqualTo("echo");
        assertThat(body.path("provider").asString()).isEqualTo("local");
        assertThat(body.path("input").asString()).isEqualTo("Hello");
        assertThat(body.path("output").asString()).isEqualTo("Hello");
        assertThat(body.path("finish_reason").asString()).isEqualTo("stop");
        assertThat(body.path("usage").path("total_tokens").asLong()).isEqualTo(125);
        assertThat(body.path("cost").decimalValue()).isEqualByComparingTo("0.00042");
        assertThat(body.path("cache_hit").asBoolean()).isFalse();
        assertThat(body.path("attempts").asInt()).isEqualTo(1);
        assertThat(body.path("latency_ms").asLong()).isEqualTo(1250);
        assertThat(body.path("request_id").asString()).isEqualTo("req_test");
        assertThat(body.path("created_at").asString()).isEqualTo("2025-05-29T10:15:30Z");
        assertThat(body.path("started_at").asString()).isEqualTo("2025-05-29T10:15:30.125Z");
        assertThat(body.path("completed_at").asString()).isEqualTo("2025-05-29T10:15:31.250Z");
        assertThat(body.has("error")).isFalse();
    }

    @Test
    void givenFailedExecution_get_carriesTheErrorAndNoOutput() {
        server.queries.put(Executions.failed("exec_failed"));

        JsonNode body = server.get("/v1/executions/exec_failed").json();

        assertThat(body.path("status").asString()).isEqualTo("failed");
        assertThat(body.path("error").path("code").asString()).isEqualTo("upstream_error");
        assertThat(body.path("error").path("message").asString()).isEqualTo("The provider answered 500");
        assertThat(body.has("output")).isFalse();
        assertThat(body.has("cost")).isFalse();
    }

    @Test
    void givenQueuedExecution_get_leavesOutUnsetFields() {
        server.queries.put(Executions.queued("exec_waiting"));

        JsonNode body = server.get("/v1/executions/exec_waiting").json();

        assertThat(body.path("status").asString()).isEqualTo("queued");
        assertThat(body.path("attempts").asInt()).isZero();
        assertThat(body.has("started_at")).isFalse();
        assertThat(body.has("completed_at")).isFalse();
        assertThat(body.has("latency_ms")).isFalse();
        assertThat(body.has("finish_reason")).isFalse();
    }

    @Test
    void givenUnknownExecution_get_is404() {
        TestServer.Reply reply = server.get("/v1/executions/exec_nope");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.errorCode()).isEqualTo("not_found");
        assertThat(reply.errorMessage()).isEqualTo("Execution 'exec_nope' not found");
    }

    @Test
    void givenRunningExecution_status_answersTheShortForm() {
        server.queries.put(Executions.running("exec_busy"));

        TestServer.Reply reply = server.get("/v1/executions/exec_busy/status");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.path("id").asString()).isEqualTo("exec_busy");
        assertThat(body.path("status").asString()).isEqualTo("running");
        assertThat(body.path("created_at").asString()).isEqualTo("2025-05-29T10:15:30Z");
        assertThat(body.path("started_at").asString()).isEqualTo("2025-05-29T10:15:30.125Z");
        assertThat(body.has("completed_at")).isFalse();
        assertThat(body.has("output")).isFalse();
    }

    @Test
    void givenFailedExecution_status_carriesTheError() {
        server.queries.put(Executions.failed("exec_failed"));

        JsonNode body = server.get("/v1/executions/exec_failed/status").json();

        assertThat(body.path("status").asString()).isEqualTo("failed");
        assertThat(body.path("completed_at").asString()).isEqualTo("2025-05-29T10:15:31.250Z");
        assertThat(body.path("error").path("code").asString()).isEqualTo("upstream_error");
    }

    @Test
    void givenUnknownExecution_status_is404() {
        assertThat(server.get("/v1/executions/exec_nope/status").status()).isEqualTo(404);
    }

    @Test
    void givenExecutions_list_answersAPage() {
        server.queries.put(Executions.completed("exec_a"));
        server.queries.put(Executions.queued("exec_b"));

        TestServer.Reply reply = server.get("/v1/executions");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("data")).hasSize(2);
        assertThat(reply.json().path("data").get(0).path("id").asString()).isEqualTo("exec_a");
        assertThat(reply.json().path("has_more").asBoolean()).isFalse();
        assertThat(reply.json().has("next_cursor")).isFalse();
        assertThat(server.queries.lastQuery.limit()).isEqualTo(20);
        assertThat(server.queries.lastQuery.cursor()).isEmpty();
    }

    @Test
    void givenMorePages_list_answersTheNextCursor() {
        server.queries.put(Executions.completed("exec_a"));
        server.queries.nextCursor = Optional.of("opaque-cursor");

        JsonNode body = server.get("/v1/executions?limit=1").json();

        assertThat(body.path("has_more").asBoolean()).isTrue();
        assertThat(body.path("next_cursor").asString()).isEqualTo("opaque-cursor");
    }

    @Test
    void givenEveryFilter_list_passesThemToTheCore() {
        TestServer.Reply reply = server.get("/v1/executions?status=timed_out&model=gpt-4&source=endpoint"
                + "&created_from=2025-05-29T10:00:00Z&created_before=2025-05-29T13:00:00%2B02:00&limit=5&cursor=abc");

        assertThat(reply.status()).isEqualTo(200);
        var query = server.queries.lastQuery;
        assertThat(query.filter().status()).contains(ExecutionStatus.TIMED_OUT);
        assertThat(query.filter().model()).contains("gpt-4");
        assertThat(query.filter().source()).contains(Surface.ENDPOINT);
        assertThat(query.filter().createdFrom()).contains(Instant.parse("2025-05-29T10:00:00Z"));
        assertThat(query.filter().createdBefore()).contains(Instant.parse("2025-05-29T11:00:00Z"));
        assertThat(query.limit()).isEqualTo(5);
        assertThat(query.cursor()).contains("abc");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "?stauts=queued                 | stauts         | Query parameter 'stauts' is not allowed; the parameters are status, model, source, created_from, created_before, limit, cursor",
        "?status=done                   | status         | Query parameter 'status' must be one of queued, running, completed, failed, cancelled, timed_out",
        "?source=web                    | source         | Query parameter 'source' must be one of execute_api, endpoint, prompt, test, chat_api",
        "?created_from=yesterday        | created_from   | Query parameter 'created_from' must be an RFC 3339 date-time such as 2025-05-29T10:15:30Z",
        "?created_before=2025-05-29     | created_before | Query parameter 'created_before' must be an RFC 3339 date-time such as 2025-05-29T10:15:30Z",
        "?limit=ten                     | limit          | Query parameter 'limit' must be an integer",
        "?limit=0                       | limit          | Query parameter 'limit' must be between 1 and 100",
        "?limit=101                     | limit          | Query parameter 'limit' must be between 1 and 100",
        "?status=queued&status=running  | status         | Query parameter 'status' must be given once",
        "?model=                        | model          | Query parameter 'model' must not be empty",
        "?created_from=2025-05-29T12:00:00Z&created_before=2025-05-29T10:00:00Z | created_before | Field 'created_before' must be after 'created_from'",
    })
    void givenBadQuery_list_isRejectedNamingTheParameter(String query, String field, String message) {
        TestServer.Reply reply = server.get("/v1/executions" + query);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("validation_error");
        assertThat(reply.errorField()).isEqualTo(field);
        assertThat(reply.errorMessage()).isEqualTo(message);
    }

    @Test
    void givenQueuedExecution_cancel_answersItCancelled() {
        server.queries.put(Executions.queued("exec_waiting"));

        TestServer.Reply reply = server.send(server.authorized("/v1/executions/exec_waiting/cancel")
                .POST(HttpRequest.BodyPublishers.noBody()).build());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("id").asString()).isEqualTo("exec_waiting");
        assertThat(reply.json().path("status").asString()).isEqualTo("cancelled");
        assertThat(reply.json().path("completed_at").asString()).isEqualTo("2025-05-29T10:15:31.250Z");
    }

    @Test
    void givenJsonBody_cancel_ignoresIt() {
        server.queries.put(Executions.queued("exec_waiting"));

        TestServer.Reply reply = server.postJson("/v1/executions/exec_waiting/cancel", "{}");

        assertThat(reply.status()).isEqualTo(200);
    }

    @Test
    void givenEndedExecution_cancel_is409() {
        server.queries.put(Executions.completed("exec_done"));

        TestServer.Reply reply = server.send(server.authorized("/v1/executions/exec_done/cancel")
                .POST(HttpRequest.BodyPublishers.noBody()).build());

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.errorCode()).isEqualTo("conflict");
        assertThat(reply.errorMessage()).isEqualTo("Execution 'exec_done' has already ended: it is completed");
    }

    @Test
    void givenNonJsonBody_cancel_is415() {
        server.queries.put(Executions.queued("exec_waiting"));

        TestServer.Reply reply = server.send(server.authorized("/v1/executions/exec_waiting/cancel")
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("please")).build());

        assertThat(reply.status()).isEqualTo(415);
        assertThat(reply.errorCode()).isEqualTo("unsupported_media_type");
    }

    @Test
    void givenUnknownExecution_cancel_is404() {
        TestServer.Reply reply = server.send(server.authorized("/v1/executions/exec_nope/cancel")
                .POST(HttpRequest.BodyPublishers.noBody()).build());

        assertThat(reply.status()).isEqualTo(404);
    }
}
