package io.promptengine.adapters.llm.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class AnthropicModelProviderTest {

    private static final String KEY = "sk-ant-test-secret-0123456789";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AnthropicStub stub;
    private AnthropicModelProvider provider;

    @BeforeEach
    void startStub() throws IOException {
        stub = new AnthropicStub();
        provider = new AnthropicModelProvider(stub.baseUrl(), KEY, Instant::now);
    }

    @AfterEach
    void stopStub() {
        stub.close();
    }

    @Test
    void givenTextAnswer_complete_returnsTextUsageAndStop() {
        ModelResponse response = provider.complete(request(List.of(Message.user("Say hello."))));

        assertThat(response.text()).isEqualTo("Hello!");
        assertThat(response.usage()).isEqualTo(new Usage(12, 6));
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void complete_sendsTheDocumentedRequest() {
        ModelRequest request = new ModelRequest("claude-sonnet-4-5",
                List.of(Message.system("Be brief."), Message.user("Hi"), Message.assistant("Hello"),
                        Message.user("Again")),
                new ModelParameters(OptionalDouble.of(0.2), OptionalInt.of(64)), inAMinute());

        provider.complete(request);

        assertThat(stub.method()).isEqualTo("POST");
        assertThat(stub.path()).isEqualTo("/v1/messages");
        assertThat(stub.header("x-api-key")).isEqualTo(KEY);
        assertThat(stub.header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(stub.header("content-type")).isEqualTo("application/json");
        JsonNode sent = JSON.readTree(stub.body());
        assertThat(sent.path("model").asString()).isEqualTo("claude-sonnet-4-5");
        assertThat(sent.path("system").asString()).isEqualTo("Be brief.");
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(64);
        assertThat(sent.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(sent.path("messages")).hasSize(3);
        assertThat(sent.path("messages").get(0).path("role").asString()).isEqualTo("user");
        assertThat(sent.path("messages").get(1).path("role").asString()).isEqualTo("assistant");
        assertThat(sent.path("messages").get(2).path("content").asString()).isEqualTo("Again");
        assertThat(sent.has("tools")).isFalse();
    }

    @Test
    void givenNoMaxTokens_complete_sendsTheDefault() {
        provider.complete(request(List.of(Message.user("Hi"))));

        JsonNode sent = JSON.readTree(stub.body());
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(AnthropicMessages.DEFAULT_MAX_TOKENS);
        assertThat(sent.has("system")).isFalse();
        assertThat(sent.has("temperature")).isFalse();
    }

    @Test
    void givenOutputSchema_complete_forcesTheToolAndAnswersItsInput() {
        stub.answer(200, """
                {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                 "content":[{"type":"tool_use","id":"toolu_01","name":"structured_output",
                             "input":{"city":"Paris","temperature":21}}],
                 "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":40,"output_tokens":20}}""");
        String schema = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}";
        ModelRequest request = new ModelRequest("claude-sonnet-4-5", List.of(Message.user("Weather?")),
                ModelParameters.DEFAULTS, inAMinute(), Optional.of(new SchemaContract(schema)));

        ModelResponse response = provider.complete(request);

        assertThat(JSON.readTree(response.text())).isEqualTo(JSON.readTree("{\"city\":\"Paris\",\"temperature\":21}"));
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.usage()).isEqualTo(new Usage(40, 20));
        JsonNode sent = JSON.readTree(stub.body());
        assertThat(sent.path("tools").get(0).path("name").asString()).isEqualTo("structured_output");
        assertThat(sent.path("tools").get(0).path("input_schema")).isEqualTo(JSON.readTree(schema));
        assertThat(sent.path("tool_choice").path("type").asString()).isEqualTo("tool");
        assertThat(sent.path("tool_choice").path("name").asString()).isEqualTo("structured_output");
    }

    @Test
    void givenMaxTokensStop_complete_reportsLength() {
        stub.answer(200, """
                {"type":"message","role":"assistant","content":[{"type":"text","text":"Once upon"}],
                 "stop_reason":"max_tokens","usage":{"input_tokens":5,"output_tokens":2}}""");

        assertThat(provider.complete(request(List.of(Message.user("Tell a story")))).finishReason())
                .isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void given401_complete_saysCredentialsWereRejectedWithoutTheKey() {
        stub.answer(401, """
                {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"},
                 "request_id":"req_011"}""");

        assertThatThrownBy(() -> provider.complete(request(List.of(Message.user("Hi")))))
                .isInstanceOf(UpstreamException.class)
                .hasMessage("The configured Anthropic credentials were rejected (HTTP 401)")
                .hasMessageNotContaining(KEY)
                .matches(failure -> !((UpstreamException) failure).retryable(), "not retryable");
    }

    @Test
    void given529Overloaded_complete_isUpstreamError() {
        stub.answer(529, """
                {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_012"}""");

        assertThatThrownBy(() -> provider.complete(request(List.of(Message.user("Hi")))))
                .isInstanceOf(UpstreamException.class)
                .hasMessageContaining("529").hasMessageContaining("overloaded_error")
                .matches(failure -> ((UpstreamException) failure).retryable(), "retryable")
                .matches(failure -> ((UpstreamException) failure).status().equals(OptionalInt.of(529)), "HTTP 529");
    }

    @Test
    void given429WithRetryAfter_complete_isRetryableAfterThatWait() {
        stub.answerWithHeader(429, "retry-after", "12", """
                {"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded \
                your per-minute rate limit"},"request_id":"req_014"}""");

        assertThatThrownBy(() -> provider.complete(request(List.of(Message.user("Hi")))))
                .isInstanceOf(UpstreamException.class)
                .hasMessageContaining("rate_limit_error")
                .matches(failure -> ((UpstreamException) failure).retryAfter()
                        .equals(Optional.of(Duration.ofSeconds(12))), "waits 12 s");
    }

    @Test
    void givenPromptTooLong_complete_isInvalidInputAboutTheContextWindow() {
        stub.answer(400, """
                {"type":"error","error":{"type":"invalid_request_error",
                 "message":"prompt is too long: 208310 tokens > 200000 maximum"},"request_id":"req_013"}""");

        assertThatThrownBy(() -> provider.complete(request(List.of(Message.user("Hi")))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("exceeds the model's context window");
    }

    @Test
    void givenOther400_complete_isUpstreamErrorQuotingAnthropic() {
        stub.answer(404, """
                {"type":"error","error":{"type":"not_found_error","message":"model: claude-nope"}}""");

        assertThatThrownBy(() -> provider.complete(request(List.of(Message.user("Hi")))))
                .isInstanceOf(UpstreamException.class)
                .hasMessageContaining("404").hasMessageContaining("model: claude-nope");
    }

    @Test
    void givenReplySlowerThanTheDeadline_complete_throwsDeadlineExceeded() {
        stub.answerAfter(Duration.ofSeconds(3), AnthropicStub.HELLO);
        ModelRequest request = new ModelRequest("claude-sonnet-4-5", List.of(Message.user("Hi")),
                ModelParameters.DEFAULTS, Instant.now().plusMillis(300));

        long started = System.nanoTime();
        assertThatThrownBy(() -> provider.complete(request)).isInstanceOf(DeadlineExceededException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void givenMalformedJson_complete_isUpstreamError() {
        stub.answer(200, "{\"type\":\"message\",\"content\":[{\"type\":\"text\",");

        assertThatThrownBy(() -> provider.complete(request(List.of(Message.user("Hi")))))
                .isInstanceOf(UpstreamException.class).hasMessageContaining("malformed JSON")
                .matches(failure -> ((UpstreamException) failure).status().equals(OptionalInt.of(200)), "HTTP 200");
    }

    @Test
    void givenAnswerWithoutUsage_complete_isUpstreamError() {
        stub.answer(200, "{\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}]}");

        assertThatThrownBy(() -> provider.complete(request(List.of(Message.user("Hi")))))
                .isInstanceOf(UpstreamException.class);
    }

    @Test
    void givenTruncatedBody_complete_isUpstreamError() {
        stub.answerTruncated(AnthropicStub.HELLO);

        assertThatThrownBy(() -> provider.complete(request(List.of(Message.user("Hi")))))
                .isInstanceOf(UpstreamException.class)
                .hasMessageStartingWith("The connection to Anthropic broke while its answer (HTTP 200) was read")
                .matches(failure -> !((UpstreamException) failure).retryable(), "not retryable");
    }

    @Test
    void givenResetConnection_complete_isUpstreamError() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread resetter = new Thread(() -> {
                try (Socket socket = server.accept()) {
                    socket.getInputStream().read(new byte[256]);
                    socket.setSoLinger(true, 0); // closing now sends a TCP RST, not a FIN
                } catch (IOException e) {
                    // the test asserts on the client's side
                }
            });
            resetter.start();
            AnthropicModelProvider resetting = new AnthropicModelProvider(
                    URI.create("http://127.0.0.1:" + server.getLocalPort()), KEY, Instant::now);

            assertThatThrownBy(() -> resetting.complete(request(List.of(Message.user("Hi")))))
                    .isInstanceOf(UpstreamException.class)
                    .hasMessageStartingWith("The connection to Anthropic failed before an answer arrived")
                    .hasMessageNotContaining(KEY)
                    .matches(failure -> ((UpstreamException) failure).retryable(), "retryable");
            resetter.join(5_000);
        }
    }

    private static ModelRequest request(List<Message> messages) {
        return new ModelRequest("claude-sonnet-4-5", messages, ModelParameters.DEFAULTS, inAMinute());
    }

    private static Instant inAMinute() {
        return Instant.now().plus(Duration.ofMinutes(1));
    }
}
