package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.models.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The official OpenAI Java SDK against the real server on a random port, with the demo tenant's key as its API key
 * and the {@code local} provider's {@code echo} model: what any OpenAI client sees of {@code /v1/chat/completions}
 * and {@code /v1/models}.
 */
class OpenAiSdkEndToEndTest {

    private static RunningApp app;
    private static OpenAIClient client;

    @BeforeAll
    static void start() {
        app = RunningApp.start();
        client = client(RunningApp.DEMO_KEY);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static OpenAIClient client(String key) {
        return OpenAIOkHttpClient.builder().apiKey(key)
                .baseUrl("http://127.0.0.1:" + app.engine().port().orElseThrow() + "/v1")
                .maxRetries(0).build();
    }

    private static ChatCompletionCreateParams.Builder echo(String text) {
        return ChatCompletionCreateParams.builder().model("local/echo")
                .addSystemMessage("You repeat what you are told.").addUserMessage(text);
    }

    @Test
    void givenTheDemoKey_chatCompletion_answersAsAnExecution() {
        HttpResponseFor<ChatCompletion> raw = client.chat().completions().withRawResponse()
                .create(echo("Hello from the SDK").temperature(0.2).maxCompletionTokens(100).build());
        ChatCompletion completion = raw.parse();

        assertThat(completion.choices()).hasSize(1);
        assertThat(completion.choices().get(0).message().content()).hasValue("Hello from the SDK");
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.model()).isEqualTo("local/echo");
        CompletionUsage usage = completion.usage().orElseThrow();
        assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());
        assertThat(usage.completionTokens()).isPositive();
        String executionId = raw.headers().values("X-Execution-Id").get(0);
        assertThat(completion.id()).isEqualTo("chatcmpl-" + executionId);
        assertThat(raw.headers().values("X-RateLimit-Limit")).isNotEmpty();

        JsonNode execution = app.api().get("/v1/executions/" + executionId).json();
        assertThat(execution.path("status").asString()).isEqualTo("completed");
        assertThat(execution.path("source").asString()).isEqualTo("chat_api");
        assertThat(execution.path("output").asString()).isEqualTo("Hello from the SDK");
        assertThat(execution.path("messages").get(0).path("role").asString()).isEqualTo("system");
        assertThat(execution.path("messages").get(1).path("content").asString()).isEqualTo("Hello from the SDK");
    }

    @Test
    void givenIncludeUsage_createStreaming_sendsRoleDeltasFinishAndUsage() {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                echo("one two three four").streamOptions(
                        ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunks::add);
        }

        assertThat(chunks.get(0).choices().get(0).delta().role())
                .hasValue(ChatCompletionChunk.Choice.Delta.Role.ASSISTANT);
        StringBuilder text = new StringBuilder();
        chunks.stream().filter(chunk -> !chunk.choices().isEmpty())
                .forEach(chunk -> chunk.choices().get(0).delta().content().ifPresent(text::append));
        assertThat(text.toString()).isEqualTo("one two three four");
        ChatCompletionChunk finish = chunks.get(chunks.size() - 2);
        assertThat(finish.choices().get(0).finishReason()).hasValue(ChatCompletionChunk.Choice.FinishReason.STOP);
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.choices()).isEmpty();
        CompletionUsage usage = last.usage().orElseThrow();
        assertThat(usage.completionTokens()).isPositive();
        assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.id()).isEqualTo(last.id()));
    }

    @Test
    void givenAJsonSchema_chatCompletion_answersAConformingDocument() {
        ResponseFormatJsonSchema format = ResponseFormatJsonSchema.builder()
                .jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder().name("summary").strict(true)
                        .schema(ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("properties", JsonValue.from(Map.of(
                                        "summary", Map.of("type", "string"))))
                                .putAdditionalProperty("required", JsonValue.from(List.of("summary")))
                                .putAdditionalProperty("additionalProperties", JsonValue.from(false))
                                .build())
                        .build())
                .build();

        ChatCompletion completion = client.chat().completions().create(
                echo("Summarize me").responseFormat(format).build());

        JsonNode answer = Api.JSON.readTree(completion.choices().get(0).message().content().orElseThrow());
        assertThat(answer.propertyNames()).containsExactly("summary");
        assertThat(answer.path("summary").isString()).isTrue();
    }

    @Test
    void givenTheSameIdempotencyKeyTwice_chatCompletion_replaysTheFirstExecution() {
        ChatCompletionCreateParams params = echo("Only once").putAdditionalHeader("Idempotency-Key", "sdk-once-1")
                .putAdditionalHeader("x-cache-bypass", "true").build();

        HttpResponseFor<ChatCompletion> first = client.chat().completions().withRawResponse().create(params);
        HttpResponseFor<ChatCompletion> second = client.chat().completions().withRawResponse().create(params);

        assertThat(second.parse().id()).isEqualTo(first.parse().id());
        assertThat(second.headers().values("Idempotent-Replayed")).containsExactly("true");
        assertThat(second.parse().choices().get(0).message().content()).hasValue("Only once");
    }

    @Test
    void givenAnUnknownKey_chatCompletion_raisesUnauthorized() {
        OpenAIClient stranger = client("pe_live_not_a_key_of_anyone_0123456789abcdefghij");

        assertThatThrownBy(() -> stranger.chat().completions().create(echo("Hello").build()))
                .isInstanceOfSatisfying(UnauthorizedException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(401);
                    assertThat(e.code()).hasValue("invalid_api_key");
                });
    }

    @Test
    void givenTwoChoices_chatCompletion_raisesBadRequestNamingTheParameter() {
        assertThatThrownBy(() -> client.chat().completions().create(echo("Hello").n(2).build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.param()).hasValue("n");
                    assertThat(e.type()).hasValue("invalid_request_error");
                });
    }

    @Test
    void givenAnUnknownModel_chatCompletion_raisesBadRequest() {
        assertThatThrownBy(() -> client.chat().completions().create(
                ChatCompletionCreateParams.builder().model("nobody/serves-this").addUserMessage("Hi").build()))
                .isInstanceOf(BadRequestException.class);
    }

    @Test
    void givenAStoredPromptByName_chatCompletion_runsItsLiveVersionWithTheVariables() {
        String promptId = app.api().post("/v1/prompts", "{\"name\":\"greeter\"}").json().path("id").asString();
        Api.Reply version = app.api().post("/v1/prompts/" + promptId + "/versions",
                "{\"user_template\":\"Greet {{name}} warmly\",\"model\":\"local/echo\"}");
        assertThat(app.api().post("/v1/prompts/" + promptId + "/versions/" + version.json().path("version").asInt()
                + "/publish", "{}").status()).isEqualTo(200);

        HttpResponseFor<ChatCompletion> raw = client.chat().completions().withRawResponse().create(
                ChatCompletionCreateParams.builder().model("prompt:greeter").addSystemMessage("Be kind.")
                        .putAdditionalBodyProperty("variables", JsonValue.from(Map.of("name", "Ada"))).build());

        assertThat(raw.parse().choices().get(0).message().content()).hasValue("Greet Ada warmly");
        JsonNode execution = app.api().get("/v1/executions/" + raw.headers().values("X-Execution-Id").get(0)).json();
        assertThat(execution.path("source").asString()).isEqualTo("chat_api");
        assertThat(execution.path("model").asString()).isEqualTo("local/echo");
        assertThat(client.models().list().data()).extracting(Model::id).contains("prompt:greeter");
        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("prompt:nobody").addUserMessage("Hi").build()))
                .isInstanceOf(com.openai.errors.NotFoundException.class);
    }

    @Test
    void modelsList_namesTheLocalModels() {
        List<Model> models = client.models().list().data();

        assertThat(models).extracting(Model::id).contains("local/echo");
        assertThat(models).filteredOn(model -> model.id().equals("local/echo"))
                .allSatisfy(model -> assertThat(model.ownedBy()).isEqualTo("local"));
    }
}
