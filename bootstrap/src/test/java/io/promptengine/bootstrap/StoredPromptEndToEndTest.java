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
 * The stored-prompt document's example, {@code POST /v1/prompt/{uuid}/{provider}} with the key in {@code api-key},
 * run on the demo's live prompt {@code summarize} with the {@code local} provider.
 */
class StoredPromptEndToEndTest {

    private static final String MESSAGE = "Please analyze this text and provide feedback.";

    private static RunningApp app;
    private static Api client;
    private static String promptId;

    @BeforeAll
    static void start() {
        app = RunningApp.start();
        client = app.api().withKey(null);
        for (JsonNode prompt : app.api().get("/v1/prompts").json().path("data")) {
            if (prompt.path("name").asString().equals("summarize")) {
                promptId = prompt.path("id").asString();
            }
        }
        assertThat(promptId).as("the demo prompt 'summarize'").isNotNull();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void givenTheDocumentsExample_post_answersItsShape() {
        Api.Reply reply = post("{\"message\": \"" + MESSAGE + "\"}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.path("success").asBoolean()).isTrue();
        JsonNode message = body.path("data").path("message");
        assertThat(message.path("role").asString()).isEqualTo("assistant");
        assertThat(message.path("content").asString()).isNotEmpty();
        assertThat(message.path("model").asString()).isEqualTo("echo");
        JsonNode metadata = message.path("metadata");
        assertThat(metadata.path("title").asString()).isEqualTo("Summarize");
        assertThat(metadata.path("tag").get(0).asString()).isEqualTo("demo");
        assertThat(metadata.path("version").asInt()).isEqualTo(1);
        assertThat(metadata.path("status").asString()).isEqualTo("live");
        assertThat(metadata.path("author").asString()).isEqualTo("Prompt Engine");
        JsonNode conversation = body.path("data").path("conversation");
        assertThat(conversation.path("message")).hasSize(2);
        assertThat(conversation.path("message").get(0).path("content").asString()).isEqualTo(MESSAGE);
        assertThat(body.path("data").path("structured_data").isObject()).isTrue();
        JsonNode completion = body.path("metadata");
        assertThat(completion.path("object").asString()).isEqualTo("chat.completion");
        assertThat(completion.path("usage").path("total_tokens").asLong()).isEqualTo(
                completion.path("usage").path("prompt_tokens").asLong()
                        + completion.path("usage").path("completion_tokens").asLong());
        JsonNode execution = app.api().get(conversation.path("_link").asString()).json();
        assertThat(execution.path("source").asString()).isEqualTo("prompt");
        assertThat(execution.path("id").asString()).isEqualTo(completion.path("id").asString());
    }

    @Test
    void givenConversationId_post_continuesTheConversation() {
        String id = post("{\"message\": \"First\"}").json().path("data").path("conversation").path("id").asString();

        Api.Reply reply = post("{\"message\": \"Second\", \"conversation_id\": \"" + id + "\"}");

        JsonNode conversation = reply.json().path("data").path("conversation");
        assertThat(conversation.path("id").asString()).isEqualTo(id);
        assertThat(conversation.path("message")).hasSize(4);
        assertThat(conversation.path("message").get(2).path("content").asString()).isEqualTo("Second");
    }

    @Test
    void givenStructuredData_post_answersADocumentOfThatSchema() {
        Api.Reply reply = post("{\"message\": \"" + MESSAGE + "\", \"structured_data\": {\"type\": \"object\", "
                + "\"required\": [\"score\", \"feedback\"], \"properties\": {\"score\": {\"type\": \"integer\"}, "
                + "\"feedback\": {\"type\": \"string\"}}}}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode structured = reply.json().path("data").path("structured_data");
        assertThat(structured.path("score").isIntegralNumber()).isTrue();
        assertThat(structured.path("feedback").isString()).isTrue();
    }

    @Test
    void givenUnknownConversation_post_isNotFound() {
        assertError(post("{\"message\": \"Hi\", \"conversation_id\": \"550e8400-e29b-41d4-a716-446655440000\"}"),
                404, "not_found");
    }

    @Test
    void givenProviderThatIsNotConfigured_post_listsTheConfiguredOnes() {
        Api.Reply reply = client.send(client.jsonPost("/v1/prompt/" + promptId + "/mistral", "{\"message\": \"Hi\"}")
                .header("api-key", RunningApp.DEMO_KEY).build());

        assertThat(assertValidationError(reply, "provider").path("message").asString()).contains("local");
    }

    private static Api.Reply post(String body) {
        HttpRequest request = client.jsonPost("/v1/prompt/" + promptId + "/local", body)
                .header("api-key", RunningApp.DEMO_KEY).build();
        return client.send(request);
    }
}
