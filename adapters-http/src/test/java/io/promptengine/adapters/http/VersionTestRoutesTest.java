package io.promptengine.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.domain.error.PermissionDeniedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** {@code POST /v1/prompts/{id}/versions/{version}/test}: the one way a draft runs. */
class VersionTestRoutesTest extends SharedServerTest {

    private static final String PROMPT = "497f6eca-6276-4993-bfeb-53cbbbba6f08";
    private static final String PATH = "/v1/prompts/" + PROMPT + "/versions/2/test";

    @Test
    void givenInput_test_answersTheWholeTestExecution() {
        TestServer.Reply reply = server.postJson(PATH, "{\"input\": {\"text\": \"Hello\"}}");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.path("id").asString()).isEqualTo("exec_test1");
        assertThat(body.path("status").asString()).isEqualTo("completed");
        assertThat(body.path("source").asString()).isEqualTo("test");
        assertThat(body.path("output").asString()).isEqualTo("{\"text\":\"Hello\"}");
        var command = server.testPromptVersion.lastCommand;
        assertThat(command.promptId()).isEqualTo(PROMPT);
        assertThat(command.version()).isEqualTo(2);
        assertThat(command.input()).isEqualTo("{\"text\":\"Hello\"}");
        assertThat(command.requestId()).isEqualTo(reply.header("X-Request-Id"));
        assertThat(server.admission.lastCaller).as("a management action is not rate-limited").isNull();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{}|input|Field 'input' is required",
        "{\"input\":[1]}|input|Field 'input' must be an object",
        "{\"input\":{},\"model\":\"x\"}|model|Field 'model' is not allowed; the fields are input",
    })
    void givenInvalidBody_test_is400NamingTheField(String body, String field, String message) {
        TestServer.Reply reply = server.postJson(PATH, body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorField()).isEqualTo(field);
        assertThat(reply.errorMessage()).isEqualTo(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "two", "1234567890", "1.5"})
    void givenSomethingThatIsNoVersionNumber_test_is404(String version) {
        TestServer.Reply reply = server.postJson("/v1/prompts/" + PROMPT + "/versions/" + version + "/test",
                "{\"input\":{}}");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.errorMessage()).isEqualTo("No version '" + version
                + "' of this prompt; versions are numbered from 1");
        assertThat(server.testPromptVersion.lastCommand).isNull();
    }

    @Test
    void givenKeyWithoutManage_test_is403() {
        server.testPromptVersion.failure = new PermissionDeniedException("This API key lacks the 'manage' scope");

        TestServer.Reply reply = server.postJson(PATH, "{\"input\":{}}");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.errorCode()).isEqualTo("forbidden");
    }
}
