package io.promptengine.bootstrap;

import static io.promptengine.bootstrap.ErrorEnvelopeAssert.assertError;
import static io.promptengine.bootstrap.ErrorEnvelopeAssert.assertValidationError;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The tenant endpoint document's curl examples, verbatim, against the demo endpoint {@code /api/v1/summarize}
 * that the first start creates, with the demo key in {@code x-api-key}: its default prompt {@code summarize} and
 * {@code detailed-summary} are live, {@code experimental} is a draft; its output schema is
 * {@code {summary, word_count}}, which the {@code local} provider answers.
 */
class TenantEndpointEndToEndTest {

    private static final String PATH = "/api/v1/summarize";

    private static RunningApp app;
    private static Api curl;

    @BeforeAll
    static void start() {
        app = RunningApp.start();
        curl = app.api().withKey(null);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void givenCompleteRequestExample_post_answersTheOutputSchemasDocumentWithTheHeaders() {
        Api.Reply reply = curl.send(curl.request(PATH).header("Content-Type", "application/json")
                .header("x-api-key", RunningApp.DEMO_KEY)
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {
                            "text": "Endprompt is a platform for building LLM-powered APIs...",
                            "max_length": 100
                          }""")).build());

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode answer = reply.json();
        assertThat(answer.path("summary").isString()).isTrue();
        assertThat(answer.path("word_count").isIntegralNumber()).isTrue();
        assertThat(reply.header("X-Request-Id")).isPresent();
        assertThat(reply.header("X-RateLimit-Limit")).isPresent();
        assertThat(reply.header("X-RateLimit-Remaining")).isPresent();
        assertThat(reply.header("X-RateLimit-Reset")).isPresent();
        String executionId = reply.header("X-Execution-Id").orElseThrow();
        JsonNode execution = app.api().get("/v1/executions/" + executionId).json();
        assertThat(execution.path("source").asString()).isEqualTo("endpoint");
        assertThat(execution.path("status").asString()).isEqualTo("completed");
        assertThat(execution.path("request_id").asString()).isEqualTo(reply.requestId());
    }

    @Test
    void givenSpecifyingAPromptExample_post_runsThatLivePrompt() {
        Api.Reply reply = curlDashD(PATH + "?prompt=detailed-summary", "{\"text\": \"...\"}", null);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().has("summary")).isTrue();
    }

    @Test
    void givenBypassingCacheExample_post_answers() {
        Api.Reply reply = curlDashD(PATH, "{\"text\": \"...\"}", "true");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.header("X-Cache")).contains("BYPASS");
    }

    @Test
    void givenMissingRequiredField_post_isTheDocumentsValidationError() {
        JsonNode error = assertValidationError(curlDashD(PATH, "{\"max_length\": 100}", null), "text");

        assertThat(error.path("message").asString()).isEqualTo("Field 'text' is required");
    }

    @Test
    void givenWrongType_post_isTheDocumentsValidationError() {
        JsonNode error = assertValidationError(curlDashD(PATH, "{\"text\": \"...\", \"max_length\": \"100\"}", null),
                "max_length");

        assertThat(error.path("message").asString()).isEqualTo("Field 'max_length' must be an integer");
    }

    @Test
    void givenValueOutOfRange_post_isTheDocumentsValidationError() {
        JsonNode error = assertValidationError(curlDashD(PATH, "{\"text\": \"...\", \"max_length\": 5}", null),
                "max_length");

        assertThat(error.path("message").asString()).isEqualTo("Field 'max_length' must be between 10 and 1000");
    }

    @Test
    void givenNestedFieldOutsideItsEnum_post_namesTheNestedField() {
        assertValidationError(curlDashD(PATH, "{\"text\": \"...\", \"options\": {\"format\": \"haiku\"}}", null),
                "options.format");
    }

    @Test
    void givenDraftPrompt_post_isRefusedAsTestOnly() {
        JsonNode error = assertError(curlDashD(PATH + "?prompt=experimental", "{\"text\": \"...\"}", null), 400,
                "validation_error");

        assertThat(error.path("message").asString()).contains("drafts are test-only");
    }

    @Test
    void givenUnknownPromptName_post_isNotFoundSayingSo() {
        JsonNode error = assertError(curlDashD(PATH + "?prompt=nope", "{\"text\": \"...\"}", null), 404, "not_found");

        assertThat(error.path("message").asString()).isEqualTo("No prompt named 'nope' on this endpoint");
    }

    @Test
    void givenTheDraft_testRoute_runsIt() {
        String draftId = promptId("experimental");

        Api.Reply reply = app.api().post("/v1/prompts/" + draftId + "/versions/1/test",
                "{\"input\": {\"text\": \"Endprompt is a platform for building LLM-powered APIs...\"}}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().path("source").asString()).isEqualTo("test");
        assertThat(reply.json().path("status").asString()).isEqualTo("completed");
        assertThat(reply.json().path("output").asString()).contains("summary");
    }

    /** {@code curl -X POST <path> -H "x-api-key: …" [-H "x-cache-bypass: …"] -d '<body>'}: curl's form type. */
    private static Api.Reply curlDashD(String path, String body, String cacheBypass) {
        HttpRequest.Builder request = curl.request(path).header("x-api-key", RunningApp.DEMO_KEY)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (cacheBypass != null) {
            request.header("x-cache-bypass", cacheBypass);
        }
        return curl.send(request.build());
    }

    /** The id of the demo prompt named {@code name}, from the management API. */
    static String promptId(String name) {
        for (JsonNode prompt : app.api().get("/v1/prompts").json().path("data")) {
            if (prompt.path("name").asString().equals(name)) {
                return prompt.path("id").asString();
            }
        }
        throw new AssertionError("the demo tenant has no prompt named " + name);
    }
}
