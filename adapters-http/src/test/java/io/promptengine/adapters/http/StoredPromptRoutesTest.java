package io.promptengine.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.error.NotFoundException;
import java.net.http.HttpRequest;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** {@code POST /v1/prompt/{uuid}/{provider}}, in the shape of the stored-prompt API document. */
class StoredPromptRoutesTest extends SharedServerTest {

    private static final String PATH = "/v1/prompt/" + FakeRunStoredPrompt.PROMPT_ID + "/openai";
    private static final String SEED_BODY = "{\"message\": \"Please analyze this text and provide feedback.\"}";

    @Test
    void givenSeedExampleWithApiKeyHeader_post_answersTheDocumentsShape() {
        TestServer.Reply reply = server.send(server.anonymous(PATH).header("api-key", FakeAuthentication.KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(SEED_BODY))
                .build());

        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.path("success").asBoolean()).isTrue();
        JsonNode message = body.path("data").path("message");
        assertThat(message.path("id").asString()).isEqualTo("123e4567-e89b-12d3-a456-426614174001");
        assertThat(message.path("role").asString()).isEqualTo("assistant");
        assertThat(message.path("content").asString()).isEqualTo(FakeRunStoredPrompt.ANSWER_TEXT);
        assertThat(message.path("reference").isArray()).isTrue();
        assertThat(message.path("model").asString()).isEqualTo("gpt-4o-mini");
        JsonNode metadata = message.path("metadata");
        assertThat(metadata.path("title").asString()).isEqualTo("Research Analysis");
        assertThat(metadata.path("description").asString()).isEqualTo("A schema for analysing research data for blogs");
        assertThat(metadata.path("tag").toString()).isEqualTo("[\"SystemPrompt\",\"Blog\"]");
        assertThat(metadata.path("created").asString()).isEqualTo("2025-05-29T10:15:30Z");
        assertThat(metadata.path("updated").asString()).isEqualTo("2025-05-29T10:15:30.125Z");
        assertThat(metadata.path("version").asInt()).isEqualTo(1);
        assertThat(metadata.path("status").asString()).isEqualTo("live");
        assertThat(metadata.path("author").asString()).isEqualTo("admin");
        JsonNode conversation = body.path("data").path("conversation");
        assertThat(conversation.path("id").asString()).isEqualTo(FakeRunStoredPrompt.CONVERSATION_ID);
        assertThat(conversation.path("message")).hasSize(2);
        assertThat(conversation.path("message").get(0).path("role").asString()).isEqualTo("user");
        assertThat(conversation.path("message").get(0).has("model")).isFalse();
        assertThat(conversation.path("metadata").path("updated").asString()).isEqualTo("2025-05-29T10:15:31.250Z");
        assertThat(conversation.path("_link").asString()).isEqualTo("/v1/executions/exec_prompt1");
        assertThat(body.path("data").path("structured_data").toString()).isEqualTo("{}");
        JsonNode completion = body.path("metadata");
        assertThat(completion.path("id").asString()).isEqualTo("exec_prompt1");
        assertThat(completion.path("object").asString()).isEqualTo("chat.completion");
        assertThat(completion.path("created").asLong()).isEqualTo(1748513731L);
        assertThat(completion.path("model").asString()).isEqualTo("gpt-4o-mini");
        assertThat(completion.path("usage").toString())
                .isEqualTo("{\"prompt_tokens\":10,\"completion_tokens\":10,\"total_tokens\":20}");
        assertThat(reply.header("X-RateLimit-Limit")).isEqualTo("60");
    }

    @Test
    void givenStructuredAnswer_post_putsTheDocumentInStructuredData() {
        server.runStoredPrompt.json = Optional.of("{\"score\":7,\"notes\":[\"tight\"]}");

        TestServer.Reply reply = server.postJson(PATH, "{\"message\":\"Rate it\",\"structured_data\":"
                + "{\"type\":\"object\",\"required\":[\"score\"]}}");

        assertThat(reply.json().path("data").path("structured_data").toString())
                .isEqualTo("{\"score\":7,\"notes\":[\"tight\"]}");
    }

    @Test
    void givenEveryField_post_passesThemOnAsTheCommand() {
        TestServer.Reply reply = server.postJson(PATH, "{\"message\":\"Hi\",\"structured_data\":{\"type\": \"object\"},"
                + "\"conversation_id\":\"" + FakeRunStoredPrompt.CONVERSATION_ID + "\",\"variables\":{\"topic\": \"AI\"}}");

        var command = server.runStoredPrompt.lastCommand;
        assertThat(command.promptId()).isEqualTo(FakeRunStoredPrompt.PROMPT_ID);
        assertThat(command.provider()).isEqualTo("openai");
        assertThat(command.message()).isEqualTo("Hi");
        assertThat(command.structuredData().orElseThrow().document()).isEqualTo("{\"type\":\"object\"}");
        assertThat(command.conversationId()).contains(FakeRunStoredPrompt.CONVERSATION_ID);
        assertThat(command.variables()).contains("{\"topic\":\"AI\"}");
        assertThat(command.caller()).isEqualTo(Executions.ACME.inRequest(reply.header("X-Request-Id")));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{}|message|Field 'message' is required",
        "{\"message\":\"\"}|message|Field 'message' must not be empty",
        "{\"message\":3}|message|Field 'message' must be a string",
        "{\"message\":\"m\",\"structured_data\":[]}|structured_data|Field 'structured_data' must be an object",
        "{\"message\":\"m\",\"variables\":\"x\"}|variables|Field 'variables' must be an object",
        "{\"message\":\"m\",\"conversation_id\":7}|conversation_id|Field 'conversation_id' must be a string",
        "{\"message\":\"m\",\"model\":\"x\"}|model|"
                + "Field 'model' is not allowed; the fields are message, structured_data, conversation_id, variables, stream",
    })
    void givenInvalidBody_post_is400NamingTheField(String body, String field, String message) {
        TestServer.Reply reply = server.postJson(PATH, body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorField()).isEqualTo(field);
        assertThat(reply.errorMessage()).isEqualTo(message);
        assertThat(server.runStoredPrompt.lastCommand).isNull();
    }

    @Test
    void givenServiceRefusals_post_mapsThemToTheEnvelope() {
        server.runStoredPrompt.failure = new NotFoundException("No conversation 'x' with this prompt");
        TestServer.Reply notFound = server.postJson(PATH, SEED_BODY);
        server.runStoredPrompt.failure = new InvalidInputException("provider",
                "Provider 'mistral' is not configured; the configured providers are: local, openai");
        TestServer.Reply badProvider = server.postJson(PATH, SEED_BODY);

        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.errorCode()).isEqualTo("not_found");
        assertThat(badProvider.status()).isEqualTo(400);
        assertThat(badProvider.errorField()).isEqualTo("provider");
    }

    @Test
    void givenNoKey_post_is401() {
        TestServer.Reply reply = server.send(server.anonymous(PATH).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(SEED_BODY)).build());

        assertThat(reply.status()).isEqualTo(401);
        assertThat(server.runStoredPrompt.lastCommand).isNull();
    }
}
