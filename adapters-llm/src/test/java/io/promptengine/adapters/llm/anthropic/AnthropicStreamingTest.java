package io.promptengine.adapters.llm.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.promptengine.adapters.llm.SseStub;
import io.promptengine.adapters.llm.SseStub.Then;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.application.port.out.StreamListener;
import io.promptengine.domain.error.DeadlineExceededException;
import io.promptengine.domain.error.UpstreamException;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import io.promptengine.domain.prompt.Message;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.schema.SchemaContract;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@Timeout(30)
class AnthropicStreamingTest {

    private static final String KEY = "sk-ant-test-secret-0123456789";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String MESSAGE_START = event("message_start", "{\"type\": \"message_start\", \"message\": "
            + "{\"id\": \"msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY\", \"type\": \"message\", \"role\": \"assistant\", "
            + "\"content\": [], \"model\": \"claude-sonnet-4-5\", \"stop_reason\": null, \"stop_sequence\": null, "
            + "\"usage\": {\"input_tokens\": 25, \"cache_creation_input_tokens\": 100, "
            + "\"cache_read_input_tokens\": 2000, \"output_tokens\": 1}}}");

    private static final String TEXT_START = event("content_block_start", "{\"type\": \"content_block_start\", "
            + "\"index\": 0, \"content_block\": {\"type\": \"text\", \"text\": \"\"}}");

    /** Anthropic's documented text stream: a ping among the events, cumulative output tokens in message_delta. */
    static final String STREAM = MESSAGE_START
            + event("content_block_start", "{\"type\": \"content_block_start\", \"index\": 0, "
                    + "\"content_block\": {\"type\": \"text\", \"text\": \"\"}}")
            + event("ping", "{\"type\": \"ping\"}")
            + delta("Hello")
            + delta(" w\u00f6rld \u4e16\u754c")
            + delta("!")
            + event("content_block_stop", "{\"type\": \"content_block_stop\", \"index\": 0}")
            + event("message_delta", "{\"type\": \"message_delta\", \"delta\": {\"stop_reason\": \"end_turn\", "
                    + "\"stop_sequence\":null}, \"usage\": {\"output_tokens\": 15}}")
            + event("message_stop", "{\"type\": \"message_stop\"}");

    private SseStub stub;

    @BeforeEach
    void start() throws IOException {
        stub = new SseStub();
    }

    @AfterEach
    void stop() throws IOException {
        stub.close();
    }

    @Test
    void givenDocumentedStreamByteByByte_stream_hearsTextAndUsageAndReturnsTheAnswer() {
        stub.streaming(STREAM, 1, Then.CLOSE);
        Heard heard = new Heard();

        ModelResponse answer = provider().stream(request(Optional.empty()), heard);

        assertThat(heard.texts).containsExactly("Hello", " w\u00f6rld \u4e16\u754c", "!");
        assertThat(answer.text()).isEqualTo("Hello w\u00f6rld \u4e16\u754c!");
        assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(heard.usages).containsExactly(new Usage(2125, 1, 2000, 100, 0), new Usage(2125, 15, 2000, 100, 0));
        assertThat(answer.usage()).isEqualTo(new Usage(2125, 15, 2000, 100, 0));
    }

    @Test
    void givenCrlfAndOddSplits_stream_answersTheSame() {
        stub.streaming(STREAM.replace("\n", "\r\n"), 5, Then.CLOSE);
        Heard heard = new Heard();

        ModelResponse answer = provider().stream(request(Optional.empty()), heard);

        assertThat(String.join("", heard.texts)).isEqualTo(answer.text()).isEqualTo("Hello w\u00f6rld \u4e16\u754c!");
    }

    @Test
    void stream_asksForAStream() {
        stub.streaming(STREAM, 100, Then.CLOSE);

        provider().stream(request(Optional.empty()), new Heard());

        JsonNode body = JSON.readTree(stub.requestBody());
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(stub.requestHead()).containsIgnoringCase("x-api-key: " + KEY)
                .containsIgnoringCase("anthropic-version: 2023-06-01");
    }

    @Test
    void givenStructuredOutput_stream_streamsTheToolInputJson() {
        String stream = MESSAGE_START
                + event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                        + "{\"type\":\"tool_use\",\"id\":\"toolu_01T1x1fJ34qAmk2tNTrN7Up6\",\"name\":\"structured_output\","
                        + "\"input\":{}}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                        + "{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                        + "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"answer\\\": \\\"Pa\"}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                        + "{\"type\":\"input_json_delta\",\"partial_json\":\"ris\\\"}\"}}")
                + event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
                + event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\","
                        + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":89}}")
                + event("message_stop", "{\"type\":\"message_stop\"}");
        stub.streaming(stream, 9, Then.CLOSE);
        String schema = "{\"type\":\"object\",\"properties\":{\"answer\":{\"type\":\"string\"}}}";

        ModelResponse answer = provider().stream(request(Optional.of(new SchemaContract(schema))), new Heard());

        assertThat(answer.text()).isEqualTo("{\"answer\": \"Paris\"}");
        assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void givenOverloadedErrorMidStream_stream_throwsRetryableUpstream() {
        stub.streaming(MESSAGE_START + TEXT_START + delta("Hel") + event("error",
                "{\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}"),
                3, Then.CLOSE);
        Heard heard = new Heard();

        Throwable thrown = catchThrowable(() -> provider().stream(request(Optional.empty()), heard));

        assertThat(thrown).isInstanceOf(UpstreamException.class).hasMessageContaining("overloaded_error")
                .hasMessageNotContaining(KEY);
        assertThat(((UpstreamException) thrown).retryable()).isTrue();
        assertThat(heard.texts).containsExactly("Hel");
    }

    @Test
    void givenStreamCutBeforeMessageStop_stream_throwsUpstream() {
        stub.streaming(MESSAGE_START + TEXT_START + delta("Hel"), 50, Then.CLOSE);

        Throwable thrown = catchThrowable(() -> provider().stream(request(Optional.empty()), new Heard()));

        assertThat(thrown).isInstanceOf(UpstreamException.class).hasMessageContaining("before message_stop");
    }

    @Test
    void givenOverloadedAnswerBeforeTheStream_stream_throwsRetryable() {
        stub.answering(529, "", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");

        Throwable thrown = catchThrowable(() -> provider().stream(request(Optional.empty()), new Heard()));

        assertThat(thrown).isInstanceOf(UpstreamException.class).hasMessageContaining("HTTP 529");
        assertThat(((UpstreamException) thrown).retryable()).isTrue();
    }

    @Test
    void givenStallMidStream_stream_failsAfterTheIdleLimit() {
        stub.streaming(MESSAGE_START, 1000, Then.STALL);

        Throwable thrown = catchThrowable(() -> new AnthropicModelProvider("anthropic", stub.baseUrl(), KEY,
                Instant::now, Duration.ofMillis(200)).stream(request(Optional.empty()), new Heard()));

        assertThat(thrown).isInstanceOf(UpstreamException.class).hasMessageContaining("went silent");
    }

    @Test
    void givenStallAfterTheHeaders_stream_throwsDeadlineExceeded() {
        stub.stallingAfterHeaders();
        Instant deadline = Instant.now().plusMillis(800);

        Throwable thrown = catchThrowable(() -> provider().stream(new ModelRequest("claude-sonnet-4-5",
                List.of(Message.user("Hi")), ModelParameters.DEFAULTS, deadline), new Heard()));

        assertThat(thrown).isInstanceOf(DeadlineExceededException.class);
    }

    @Test
    void givenListenerThrows_stream_letsItThroughAndClosesTheConnection() throws InterruptedException {
        stub.streaming(MESSAGE_START + TEXT_START + delta("Hel"), 1000, Then.STALL);
        RuntimeException hungUp = new RuntimeException("gone");

        Throwable thrown = catchThrowable(() -> provider().stream(request(Optional.empty()), new StreamListener() {
            @Override
            public void text(String delta) {
                throw hungUp;
            }
        }));

        assertThat(thrown).isSameAs(hungUp);
        assertThat(stub.clientClosedWithin(1000)).isTrue();
    }

    @Test
    void givenCacheFields_complete_countsThemInTheInput() throws IOException {
        try (AnthropicStub plain = new AnthropicStub()) {
            plain.answer(200, AnthropicStub.HELLO.replace("\"usage\":{\"input_tokens\":12,",
                    "\"usage\":{\"input_tokens\":12,\"cache_creation_input_tokens\":30,\"cache_read_input_tokens\":400,"));

            ModelResponse answer = new AnthropicModelProvider(plain.baseUrl(), KEY, Instant::now)
                    .complete(request(Optional.empty()));

            assertThat(answer.usage()).isEqualTo(new Usage(442, 6, 400, 30, 0));
        }
    }

    private static String event(String type, String data) {
        return "event: " + type + "\ndata: " + data + "\n\n";
    }

    private static String delta(String text) {
        return event("content_block_delta", "{\"type\": \"content_block_delta\", \"index\": 0, \"delta\": "
                + "{\"type\": \"text_delta\", \"text\": \"" + text + "\"}}");
    }

    private AnthropicModelProvider provider() {
        return new AnthropicModelProvider(stub.baseUrl(), KEY, Instant::now);
    }

    private static ModelRequest request(Optional<SchemaContract> schema) {
        return new ModelRequest("claude-sonnet-4-5", List.of(Message.user("Say hello.")), ModelParameters.DEFAULTS,
                Instant.now().plus(Duration.ofSeconds(20)), schema);
    }

    static final class Heard implements StreamListener {
        final List<String> texts = new ArrayList<>();
        final List<Usage> usages = new ArrayList<>();

        @Override
        public void text(String delta) {
            texts.add(delta);
        }

        @Override
        public void usage(Usage soFar) {
            usages.add(soFar);
        }
    }
}
