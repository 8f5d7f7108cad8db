package io.promptengine.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.domain.error.DeadlineExceededException;
import io.promptengine.domain.error.UpstreamException;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class ExecuteRouteTest extends SharedServerTest {

    @Test
    void givenValidBody_execute_answersTheCompletedExecution() {
        TestServer.Reply reply = server.postJson("/v1/prompt/execute",
                "{\"model\":\"gpt-4\",\"input\":\"Explain quantum entanglement.\",\"temperature\":0.7,\"max_tokens\":250}");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.path("id").asString()).startsWith("exec_");
        assertThat(body.path("status").asString()).isEqualTo("completed");
        assertThat(body.path("model").asString()).isEqualTo("gpt-4");
        assertThat(body.path("output").asString()).isEqualTo("Explain quantum entanglement.");
        assertThat(body.path("usage").path("input_tokens").asLong()).isEqualTo(29);
        assertThat(body.path("usage").path("output_tokens").asLong()).isEqualTo(29);
        assertThat(body.path("usage").path("total_tokens").asLong()).isEqualTo(58);
        assertThat(body.path("created_at").asString()).isEqualTo("2025-05-29T10:15:30Z");
        assertThat(body.path("completed_at").asString()).isEqualTo("2025-05-29T10:15:31.250Z");
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(server.executePrompt.lastCommand.parameters().temperature().getAsDouble()).isEqualTo(0.7);
        assertThat(server.executePrompt.lastCommand.parameters().maxTokens().getAsInt()).isEqualTo(250);
        assertThat(server.executePrompt.lastCommand.requestId()).isEqualTo(reply.header("X-Request-Id"));
    }

    @Test
    void givenValidBody_execute_writesFieldsInTheDocumentedOrder() {
        TestServer.Reply reply = server.postJson("/v1/prompt/execute", "{\"model\":\"echo\",\"input\":\"Hi\"}");

        assertThat(reply.body()).isEqualTo("{\"id\":\"exec_1\",\"status\":\"completed\",\"model\":\"echo\","
                + "\"output\":\"Hi\",\"usage\":{\"input_tokens\":2,\"output_tokens\":2,\"total_tokens\":4,"
                + "\"cached_input_tokens\":0,\"cache_write_tokens\":0,\"reasoning_tokens\":0},"
                + "\"created_at\":\"2025-05-29T10:15:30Z\",\"completed_at\":\"2025-05-29T10:15:31.250Z\"}");
    }

    @Test
    void givenPreferRespondAsync_execute_queuesAndAnswers202WithLocation() {
        TestServer.Reply reply = server.send(server.authorized("/v1/prompt/execute")
                .header("Content-Type", "application/json").header("Prefer", "wait=5, respond-async")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"echo\",\"input\":\"Hello\"}")).build());

        assertThat(reply.status()).isEqualTo(202);
        String id = reply.json().path("id").asString();
        assertThat(reply.json().path("status").asString()).isEqualTo("queued");
        assertThat(reply.json().path("created_at").asString()).isEqualTo("2025-05-29T10:15:30Z");
        assertThat(reply.header("Location")).isEqualTo("/v1/executions/" + id);
        assertThat(reply.header("Preference-Applied")).isEqualTo("respond-async");
    }

    @Test
    void givenAsyncTrue_execute_queuesWithoutPreferenceApplied() {
        TestServer.Reply reply = server.postJson("/v1/prompt/execute",
                "{\"model\":\"echo\",\"input\":\"Hello\",\"async\":true}");

        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.header("Location")).startsWith("/v1/executions/exec_");
        assertThat(reply.header("Preference-Applied")).isNull();
    }

    @Test
    void givenAsyncFalse_execute_runsNow() {
        TestServer.Reply reply = server.postJson("/v1/prompt/execute",
                "{\"model\":\"echo\",\"input\":\"Hello\",\"async\":false}");

        assertThat(reply.status()).isEqualTo(200);
    }

    @Test
    void givenIdempotencyKey_execute_passesItToTheCore() {
        server.send(server.authorized("/v1/prompt/execute").header("Content-Type", "application/json")
                .header("Idempotency-Key", "order-42")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"echo\",\"input\":\"Hello\"}")).build());

        assertThat(server.executePrompt.lastCommand.idempotencyKey()).contains("order-42");
    }

    @Test
    void givenMalformedIdempotencyKey_execute_isRejected() {
        TestServer.Reply reply = server.send(server.authorized("/v1/prompt/execute")
                .header("Content-Type", "application/json").header("Idempotency-Key", "x".repeat(256))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"echo\",\"input\":\"Hello\"}")).build());

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorField()).isEqualTo("Idempotency-Key");
    }

    @Test
    void givenIntegralFloat_maxTokens_isAccepted() {
        TestServer.Reply reply = server.postJson("/v1/prompt/execute",
                "{\"model\":\"echo\",\"input\":\"Hello\",\"max_tokens\":10.0}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(server.executePrompt.lastCommand.parameters().maxTokens().getAsInt()).isEqualTo(10);
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "{\"input\":\"Hi\"}                                   | model       | Field 'model' is required",
        "{\"model\":\"echo\"}                                 | input       | Field 'input' is required",
        "{\"model\":42,\"input\":\"Hi\"}                      | model       | Field 'model' must be a string",
        "{\"model\":null,\"input\":\"Hi\"}                    | model       | Field 'model' must be a string",
        "{\"model\":\"echo\",\"input\":[\"Hi\"]}              | input       | Field 'input' must be a string",
        "{\"model\":\"echo\",\"input\":\"Hi\",\"temperature\":\"hot\"} | temperature | Field 'temperature' must be a number",
        "{\"model\":\"echo\",\"input\":\"Hi\",\"temperature\":null}  | temperature | Field 'temperature' must be a number",
        "{\"model\":\"echo\",\"input\":\"Hi\",\"temperature\":1.5}   | temperature | Field 'temperature' must be between 0.0 and 1.0",
        "{\"model\":\"echo\",\"input\":\"Hi\",\"max_tokens\":2.5}    | max_tokens  | Field 'max_tokens' must be an integer",
        "{\"model\":\"echo\",\"input\":\"Hi\",\"max_tokens\":\"10\"} | max_tokens  | Field 'max_tokens' must be an integer",
        "{\"model\":\"echo\",\"input\":\"Hi\",\"max_tokens\":1e400}  | max_tokens  | Field 'max_tokens' must be an integer",
        "{\"model\":\"echo\",\"input\":\"Hi\",\"max_tokens\":0}      | max_tokens  | Field 'max_tokens' must be greater than 0",
        "{\"model\":\"echo\",\"input\":\"Hi\",\"max_tokens\":99999999999} | max_tokens | Field 'max_tokens' must be at most 2147483647",
        "{\"model\":\"echo\",\"input\":\"Hi\",\"async\":\"yes\"}     | async       | Field 'async' must be a boolean",
        "{\"model\":\"echo\",\"input\":\"Hi\",\"max_token\":10}      | max_token   | Field 'max_token' is not allowed; the fields are model, input, temperature, max_tokens, async, stream",
        "{\"model\":\" \",\"input\":\"Hi\"}                   | model       | Field 'model' must not be empty",
    })
    void givenInvalidField_execute_isRejectedNamingIt(String body, String field, String message) {
        TestServer.Reply reply = server.postJson("/v1/prompt/execute", body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("validation_error");
        assertThat(reply.errorField()).isEqualTo(field);
        assertThat(reply.errorMessage()).isEqualTo(message);
        assertThat(reply.json().path("error").path("request_id").asString()).isEqualTo(reply.header("X-Request-Id"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"[1,2]", "\"text\"", "42", "null"})
    void givenBodyThatIsNotAnObject_execute_isAValidationError(String body) {
        TestServer.Reply reply = server.postJson("/v1/prompt/execute", body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("validation_error");
        assertThat(reply.errorMessage()).isEqualTo("Request body must be a JSON object");
    }

    @Test
    void givenNoBody_execute_isAValidationError() {
        TestServer.Reply reply = server.send(server.authorized("/v1/prompt/execute")
                .POST(HttpRequest.BodyPublishers.noBody()).build());

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("validation_error");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"model\":\"echo\",",
        "{model:'echo'}",
        "{\"model\":\"echo\",\"input\":\"Hi\"} trailing",
        "{\"model\":\"echo\",\"model\":\"gpt-4\",\"input\":\"Hi\"}",
    })
    void givenMalformedJson_execute_isInvalidJson(String body) {
        TestServer.Reply reply = server.postJson("/v1/prompt/execute", body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("invalid_json");
        assertThat(reply.errorMessage()).startsWith("Request body is not valid JSON");
    }

    @Test
    void givenUpstreamFailure_execute_answers502() {
        server.executePrompt.failure = command -> new UpstreamException("The provider answered 500 after 3 attempts");

        TestServer.Reply reply = server.postJson("/v1/prompt/execute", "{\"model\":\"echo\",\"input\":\"Hi\"}");

        assertThat(reply.status()).isEqualTo(502);
        assertThat(reply.errorCode()).isEqualTo("upstream_error");
        assertThat(reply.errorMessage()).isEqualTo("The provider answered 500 after 3 attempts");
    }

    @Test
    void givenDeadlineExceeded_execute_answers504() {
        server.executePrompt.failure = command -> new DeadlineExceededException("The model did not answer in 60 s");

        TestServer.Reply reply = server.postJson("/v1/prompt/execute", "{\"model\":\"echo\",\"input\":\"Hi\"}");

        assertThat(reply.status()).isEqualTo(504);
        assertThat(reply.errorCode()).isEqualTo("timeout");
    }
}
