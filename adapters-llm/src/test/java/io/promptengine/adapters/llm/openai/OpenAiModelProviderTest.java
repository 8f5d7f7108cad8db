package io.promptengine.adapters.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.promptengine.adapters.llm.openai.RawSocketServer.Misbehaviour;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.domain.error.DeadlineExceededException;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.error.UpstreamException;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import io.promptengine.domain.prompt.Message;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.schema.SchemaContract;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class OpenAiModelProviderTest {

    private static final String KEY = "sk-test-0123456789abcdef";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ChatCompletionsStub stub;

    @BeforeEach
    void start() throws IOException {
        stub = new ChatCompletionsStub();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void givenSuccess_complete_returnsTextUsageAndFinishReason() {
        ModelResponse response = provider(stub.baseUrl()).complete(request("gpt-4o", Duration.ofSeconds(5)));

        assertThat(response.text()).isEqualTo("Hello! How can I help?");
        assertThat(response.usage()).isEqualTo(new Usage(19, 10));
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void complete_postsDocumentedChatCompletionsRequest() {
        ModelRequest request = new ModelRequest("gpt-4o",
                List.of(Message.system("Be brief."), Message.user("Hi"), Message.assistant("Hello."),
                        Message.user("Again")),
                new ModelParameters(OptionalDouble.of(0.5), OptionalInt.of(64)), inFive());

        provider(stub.baseUrl()).complete(request);

        ChatCompletionsStub.Received sent = stub.received();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(sent.header("Content-Type")).isEqualTo("application/json");
        JsonNode body = JSON.readTree(sent.body());
        assertThat(body.path("model").asString()).isEqualTo("gpt-4o");
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.5);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(64);
        assertThat(body.has("response_format")).isFalse();
        assertThat(body.path("messages").toString()).isEqualTo("[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":\"Hello.\"},"
                + "{\"role\":\"user\",\"content\":\"Again\"}]");
    }

    @Test
    void givenPlainHttpBaseUrl_complete_speaksHttp11WithoutAskingForAnUpgrade() {
        provider(stub.baseUrl()).complete(request("gpt-4o", Duration.ofSeconds(5)));

        ChatCompletionsStub.Received sent = stub.received();
        assertThat(sent.protocol()).isEqualTo("HTTP/1.1");
        assertThat(sent.header("Upgrade")).isNull();
        assertThat(sent.header("HTTP2-Settings")).isNull();
    }

    @Test
    void givenOutputSchema_complete_asksForJsonSchemaResponseFormat() {
        String schema = "{\"type\":\"object\",\"properties\":{\"answer\":{\"type\":\"string\"}},\"required\":[\"answer\"]}";
        ModelRequest request = new ModelRequest("gpt-4o", List.of(Message.user("Hi")), ModelParameters.DEFAULTS,
                inFive(), Optional.of(new SchemaContract(schema)));

        provider(stub.baseUrl()).complete(request);

        JsonNode body = JSON.readTree(stub.received().body());
        assertThat(body.has("temperature")).isFalse();
        assertThat(body.has("max_tokens")).isFalse();
        JsonNode format = body.path("response_format");
        assertThat(format.path("type").asString()).isEqualTo("json_schema");
        assertThat(format.path("json_schema").path("name").asString()).isEqualTo("output");
        assertThat(format.path("json_schema").path("strict").asBoolean(true)).isFalse();
        assertThat(format.path("json_schema").path("schema")).isEqualTo(JSON.readTree(schema));
    }

    @Test
    void givenBaseUrlWithV1AndNoKey_complete_postsToOneV1AndSendsNoAuthorization() {
        OpenAiModelProvider local = OpenAiModelProvider.openAi(URI.create(stub.baseUrl() + "/v1/"), Optional.empty(),
                Instant::now);

        local.complete(request("llama3.2", Duration.ofSeconds(5)));

        assertThat(stub.received().path()).isEqualTo("/v1/chat/completions");
        assertThat(stub.received().header("Authorization")).isNull();
    }

    @Test
    void givenTruncatedAnswer_complete_reportsLength() {
        stub.answering(200, ChatCompletionsStub.SUCCESS.replace("\"stop\"", "\"length\""));

        assertThat(provider(stub.baseUrl()).complete(request("gpt-4o", Duration.ofSeconds(5))).finishReason())
                .isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void given401_complete_saysCredentialsWereRejectedWithoutTheKey() {
        stub.answering(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + ". You can find your "
                + "API key at https://platform.openai.com/account/api-keys.\",\"type\":\"invalid_request_error\","
                + "\"param\":null,\"code\":\"invalid_api_key\"}}");

        UpstreamException failure = upstream(() -> provider(stub.baseUrl()).complete(request("gpt-4o",
                Duration.ofSeconds(5))));

        assertThat(failure).hasMessage("The configured OpenAI credentials were rejected (HTTP 401)");
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.status()).hasValue(401);
    }

    @Test
    void givenContextLengthExceeded_complete_isInvalidInput() {
        stub.answering(400, "{\"error\":{\"message\":\"This model's maximum context length is 128000 tokens. "
                + "However, your messages resulted in 130512 tokens. Please reduce the length of the messages.\","
                + "\"type\":\"invalid_request_error\",\"param\":\"messages\",\"code\":\"context_length_exceeded\"}}");

        assertThatThrownBy(() -> provider(stub.baseUrl()).complete(request("gpt-4o", Duration.ofSeconds(5))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("The prompt is longer than the model's context window: ")
                .hasMessageContaining("maximum context length is 128000 tokens");
    }

    @Test
    void givenOther400_complete_quotesTheProviderWithTheKeyBlanked() {
        stub.answering(400, "{\"error\":{\"message\":\"The model `gpt-9` does not exist (key " + KEY + ")\","
                + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"model_not_found\"}}");

        assertThatThrownBy(() -> provider(stub.baseUrl()).complete(request("gpt-9", Duration.ofSeconds(5))))
                .isInstanceOf(UpstreamException.class)
                .hasMessageContaining("HTTP 400")
                .hasMessageContaining("The model `gpt-9` does not exist")
                .hasMessageNotContaining(KEY);
    }

    @Test
    void given429_complete_isRetryableAfterWhatRetryAfterSays() {
        stub.answering(429, "{\"error\":{\"message\":\"Rate limit reached for gpt-4o.\",\"type\":\"requests\","
                + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}").withHeader("Retry-After", "7");

        UpstreamException failure = upstream(() -> provider(stub.baseUrl()).complete(request("gpt-4o",
                Duration.ofSeconds(5))));

        assertThat(failure).hasMessageContaining("HTTP 429");
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(failure.status()).hasValue(429);
    }

    @Test
    void given429WithRetryAfterMs_complete_prefersTheMilliseconds() {
        stub.answering(429, "{\"error\":{\"message\":\"Rate limit reached\",\"code\":\"rate_limit_exceeded\"}}")
                .withHeader("Retry-After", "2").withHeader("retry-after-ms", "1500");

        UpstreamException failure = upstream(() -> provider(stub.baseUrl()).complete(request("gpt-4o",
                Duration.ofSeconds(5))));

        assertThat(failure.retryAfter()).contains(Duration.ofMillis(1500));
    }

    @Test
    void given503WithRetryAfterDate_complete_waitsUntilThatDate() {
        Instant now = Instant.now();
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                now.plusSeconds(30).truncatedTo(ChronoUnit.SECONDS).atZone(ZoneOffset.UTC));
        stub.answering(503, "{\"error\":{\"message\":\"Service Unavailable\"}}").withHeader("Retry-After", date);

        UpstreamException failure = upstream(() -> provider(stub.baseUrl()).complete(request("gpt-4o",
                Duration.ofSeconds(5))));

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.retryAfter().orElseThrow()).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(30));
    }

    @Test
    void given500_complete_isUpstream() {
        stub.answering(500, "{\"error\":{\"message\":\"The server had an error while processing your request.\","
                + "\"type\":\"server_error\",\"param\":null,\"code\":null}}");

        UpstreamException failure = upstream(() -> provider(stub.baseUrl()).complete(request("gpt-4o",
                Duration.ofSeconds(5))));

        assertThat(failure).hasMessageContaining("HTTP 500");
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.retryAfter()).isEmpty();
    }

    @Test
    void givenReplySlowerThanDeadline_complete_throwsDeadlineExceeded() {
        stub.after(Duration.ofSeconds(2));

        assertThatThrownBy(() -> provider(stub.baseUrl()).complete(request("gpt-4o", Duration.ofMillis(300))))
                .isInstanceOf(DeadlineExceededException.class);
    }

    @Test
    void givenMalformedJson_complete_isUpstream() {
        stub.answering(200, "{\"choices\": [ {\"message\": ");

        UpstreamException failure = upstream(() -> provider(stub.baseUrl()).complete(request("gpt-4o",
                Duration.ofSeconds(5))));

        assertThat(failure).hasMessageContaining("not JSON");
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.status()).as("the answer was a 200 whose body was unusable").hasValue(200);
    }

    @Test
    void givenJsonWithoutChoices_complete_isUpstream() {
        stub.answering(200, "{\"object\":\"list\",\"data\":[]}");

        assertThatThrownBy(() -> provider(stub.baseUrl()).complete(request("gpt-4o", Duration.ofSeconds(5))))
                .isInstanceOf(UpstreamException.class);
    }

    @Test
    void givenResetConnection_complete_isUpstream() throws IOException {
        try (RawSocketServer server = new RawSocketServer(Misbehaviour.RESET)) {
            UpstreamException failure = upstream(() -> provider(server.baseUrl()).complete(request("gpt-4o",
                    Duration.ofSeconds(5))));

            assertThat(failure).hasMessageNotContaining(KEY);
            assertThat(failure.retryable()).isTrue();
        }
    }

    @Test
    void givenTruncatedBody_complete_isUpstream() throws IOException {
        try (RawSocketServer server = new RawSocketServer(Misbehaviour.TRUNCATE)) {
            UpstreamException failure = upstream(() -> provider(server.baseUrl()).complete(request("gpt-4o",
                    Duration.ofSeconds(5))));

            assertThat(failure).hasMessageContaining("broke while its answer");
            assertThat(failure.retryable()).as("the provider may have done and billed the work").isFalse();
            assertThat(failure.status()).as("the status line had arrived").hasValue(200);
        }
    }

    @Test
    void givenNothingListening_complete_isUpstream() throws IOException {
        URI closed;
        try (RawSocketServer server = new RawSocketServer(Misbehaviour.RESET)) {
            closed = server.baseUrl();
        }

        assertThat(upstream(() -> provider(closed).complete(request("gpt-4o", Duration.ofSeconds(5))))
                .retryable()).isTrue();
    }

    private static UpstreamException upstream(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(UpstreamException.class);
        return (UpstreamException) thrown;
    }

    @Test
    void chatCompletions_acceptsBaseWithOrWithoutV1() {
        URI expected = URI.create("https://api.openai.com/v1/chat/completions");
        assertThat(OpenAiModelProvider.chatCompletions(URI.create("https://api.openai.com"))).isEqualTo(expected);
        assertThat(OpenAiModelProvider.chatCompletions(URI.create("https://api.openai.com/"))).isEqualTo(expected);
        assertThat(OpenAiModelProvider.chatCompletions(URI.create("https://api.openai.com/v1"))).isEqualTo(expected);
        assertThat(OpenAiModelProvider.chatCompletions(URI.create("http://localhost:11434/v1/")))
                .isEqualTo(URI.create("http://localhost:11434/v1/chat/completions"));
    }

    @Test
    void maxTokensField_isMaxCompletionTokensForOpenAiAndMaxTokensForCompatibleServers() {
        assertThat(OpenAiModelProvider.maxTokensField(URI.create("https://api.openai.com/v1/chat/completions")))
                .isEqualTo("max_completion_tokens");
        assertThat(OpenAiModelProvider.maxTokensField(URI.create("http://localhost:11434/v1/chat/completions")))
                .isEqualTo("max_tokens");
    }

    @Test
    void givenAzure_complete_postsToTheDeploymentWithApiKeyAndApiVersion() {
        OpenAiModelProvider azure = OpenAiModelProvider.azure(URI.create(stub.baseUrl() + "/"), "2024-10-21", KEY,
                Instant::now);
        ModelRequest request = new ModelRequest("my-gpt-4o", List.of(Message.user("Hi")),
                new ModelParameters(OptionalDouble.empty(), OptionalInt.of(32)), inFive());

        ModelResponse response = azure.complete(request);

        assertThat(azure.name()).isEqualTo("azure");
        assertThat(response.text()).isEqualTo("Hello! How can I help?");
        ChatCompletionsStub.Received sent = stub.received();
        assertThat(sent.path()).isEqualTo("/openai/deployments/my-gpt-4o/chat/completions?api-version=2024-10-21");
        assertThat(sent.header("api-key")).isEqualTo(KEY);
        assertThat(sent.header("Authorization")).isNull();
        assertThat(JSON.readTree(sent.body()).path("max_completion_tokens").asInt()).isEqualTo(32);
    }

    @Test
    void givenAzure401_complete_saysAzureCredentialsWereRejected() {
        stub.answering(401, "{\"error\":{\"code\":\"401\",\"message\":\"Access denied due to invalid "
                + "subscription key or wrong API endpoint.\"}}");
        OpenAiModelProvider azure = OpenAiModelProvider.azure(stub.baseUrl(), "2024-10-21", KEY, Instant::now);

        assertThatThrownBy(() -> azure.complete(request("my-gpt-4o", Duration.ofSeconds(5))))
                .isInstanceOf(UpstreamException.class)
                .hasMessage("The configured Azure OpenAI credentials were rejected (HTTP 401)");
    }

    @Test
    void givenAzureModelThatIsNoDeploymentName_complete_isInvalidInput() {
        OpenAiModelProvider azure = OpenAiModelProvider.azure(stub.baseUrl(), "2024-10-21", KEY, Instant::now);

        assertThatThrownBy(() -> azure.complete(request("../admin?x=1", Duration.ofSeconds(5))))
                .isInstanceOf(InvalidInputException.class);
        assertThat(stub.received()).isNull();
    }

    @Test
    void givenCompatibleServerName_nameIsThatName() {
        assertThat(OpenAiModelProvider.compatible("ollama", stub.baseUrl(), Optional.empty(), Instant::now).name())
                .isEqualTo("ollama");
    }

    private static OpenAiModelProvider provider(URI baseUrl) {
        return OpenAiModelProvider.openAi(baseUrl, Optional.of(KEY), Instant::now);
    }

    private static ModelRequest request(String model, Duration timeLeft) {
        return new ModelRequest(model, List.of(Message.user("Say hello.")), ModelParameters.DEFAULTS,
                Instant.now().plus(timeLeft));
    }

    private static Instant inFive() {
        return Instant.now().plus(Duration.ofSeconds(5));
    }
}
