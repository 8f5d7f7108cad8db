package io.promptengine.adapters.llm.openai;

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
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
class OpenAiStreamingTest {

    private static final String KEY = "sk-test-0123456789abcdef";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String HEAD = "{\"id\":\"chatcmpl-123\",\"object\":\"chat.completion.chunk\","
            + "\"created\":1694268190,\"model\":\"gpt-4o-mini\",\"system_fingerprint\":\"fp_44709d6fcb\",";

    /** OpenAI's documented stream with {@code stream_options.include_usage}: a usage chunk before {@code [DONE]}. */
    static final String STREAM = chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null")
            + chunk("{\"content\":\"Hello\"}", "null")
            + chunk("{\"content\":\" w\u00f6rld \u4e16\u754c\"}", "null")
            + chunk("{\"content\":\"!\"}", "null")
            + chunk("{}", "\"stop\"")
            + "data: " + HEAD + "\"choices\":[],\"usage\":{\"prompt_tokens\":1200,\"completion_tokens\":300,"
            + "\"total_tokens\":1500,\"prompt_tokens_details\":{\"cached_tokens\":1024,\"audio_tokens\":0},"
            + "\"completion_tokens_details\":{\"reasoning_tokens\":256,\"audio_tokens\":0,"
            + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}}\n\n"
            + "data: [DONE]\n\n";

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
    void givenDocumentedStreamByteByByte_stream_hearsEveryDeltaAndReturnsTheWholeAnswer() {
        stub.streaming(STREAM, 1, Then.CLOSE);
        Heard heard = new Heard();

        ModelResponse answer = provider().stream(request(Duration.ofSeconds(20)), heard);

        assertThat(heard.texts).containsExactly("Hello", " w\u00f6rld \u4e16\u754c", "!");
        assertThat(answer.text()).isEqualTo("Hello w\u00f6rld \u4e16\u754c!");
        assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
        Usage usage = new Usage(1200, 300, 1024, 0, 256);
        assertThat(answer.usage()).isEqualTo(usage);
        assertThat(heard.usages).containsExactly(usage);
    }

    @Test
    void givenCrlfCommentsAndOddSplits_stream_answersTheSame() {
        String crlf = ": keep-alive\r\n\r\n" + STREAM.replace("\n", "\r\n").replace("data: [DONE]", ": x\r\ndata: [DONE]");
        stub.streaming(crlf, 7, Then.CLOSE);
        Heard heard = new Heard();

        ModelResponse answer = provider().stream(request(Duration.ofSeconds(20)), heard);

        assertThat(String.join("", heard.texts)).isEqualTo(answer.text()).isEqualTo("Hello w\u00f6rld \u4e16\u754c!");
        assertThat(answer.usage().cachedInputTokens()).isEqualTo(1024);
    }

    @Test
    void stream_asksForAStreamWithUsage() {
        stub.streaming(STREAM, 64, Then.CLOSE);

        provider().stream(request(Duration.ofSeconds(20)), new Heard());

        JsonNode body = JSON.readTree(stub.requestBody());
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(stub.requestHead()).containsIgnoringCase("Authorization: Bearer " + KEY);
    }

    @Test
    void givenToolCallArgumentDeltas_stream_streamsTheArguments() {
        String stream = chunk("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}", "null")
                + chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"loc\"}}]}", "null")
                + chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"ation\\\":\\\"Paris\\\"}\"}}]}",
                        "null")
                + chunk("{}", "\"tool_calls\"") + "data: [DONE]\n\n";
        stub.streaming(stream, 5, Then.CLOSE);

        ModelResponse answer = provider().stream(request(Duration.ofSeconds(20)), new Heard());

        assertThat(answer.text()).isEqualTo("{\"location\":\"Paris\"}");
        assertThat(answer.finishReason()).isEqualTo(FinishReason.TOOL_USE);
        assertThat(answer.usage()).isEqualTo(Usage.NONE);
    }

    @Test
    void givenErrorObjectInTheStream_stream_throwsUpstream() {
        stub.streaming(chunk("{\"content\":\"Hel\"}", "null")
                + "data: {\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}\n\n",
                3, Then.CLOSE);

        Throwable thrown = catchThrowable(() -> provider().stream(request(Duration.ofSeconds(20)), new Heard()));

        assertThat(thrown).isInstanceOf(UpstreamException.class).hasMessageContaining("server_error")
                .hasMessageContaining("The server had an error").hasMessageNotContaining(KEY);
    }

    @Test
    void givenStreamCutBeforeItsEnd_stream_throwsUpstreamTruncated() {
        stub.streaming(chunk("{\"content\":\"Hel\"}", "null"), 4, Then.CLOSE);

        Throwable thrown = catchThrowable(() -> provider().stream(request(Duration.ofSeconds(20)), new Heard()));

        assertThat(thrown).isInstanceOf(UpstreamException.class).hasMessageContaining("before it was complete");
    }

    @Test
    void givenRateLimitBeforeTheStream_stream_throwsRetryableWithRetryAfter() {
        stub.answering(429, "Retry-After: 7\r\n",
                "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}");

        Throwable thrown = catchThrowable(() -> provider().stream(request(Duration.ofSeconds(20)), new Heard()));

        assertThat(thrown).isInstanceOf(UpstreamException.class).hasMessageContaining("HTTP 429")
                .hasMessageContaining("Rate limit reached");
        assertThat(((UpstreamException) thrown).retryable()).isTrue();
        assertThat(((UpstreamException) thrown).retryAfter()).contains(Duration.ofSeconds(7));
    }

    @Test
    void givenStallRightAfterTheHeaders_stream_throwsDeadlineExceededAtTheDeadline() {
        stub.stallingAfterHeaders();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(1));

        Throwable thrown = catchThrowable(() -> provider().stream(
                new ModelRequest("gpt-4o", List.of(Message.user("Hi")), ModelParameters.DEFAULTS, deadline),
                new Heard()));

        assertThat(thrown).isInstanceOf(DeadlineExceededException.class);
        assertThat(Instant.now()).isAfterOrEqualTo(deadline).isBefore(deadline.plusSeconds(10));
    }

    @Test
    void givenStallMidStream_stream_failsAfterTheIdleLimit() {
        stub.streaming(chunk("{\"content\":\"Hel\"}", "null"), 1000, Then.STALL);
        Heard heard = new Heard();

        Throwable thrown = catchThrowable(() -> provider().withStreamIdle(Duration.ofMillis(300))
                .stream(request(Duration.ofSeconds(20)), heard));

        assertThat(thrown).isInstanceOf(UpstreamException.class)
                .hasMessageContaining("went silent for 0.3 s in the middle of its streamed answer");
        assertThat(((UpstreamException) thrown).retryable()).isFalse();
        assertThat(((UpstreamException) thrown).status()).as("the stream's 200 had arrived").hasValue(200);
        assertThat(heard.texts).containsExactly("Hel");
    }

    @Test
    void givenStallRightAfterTheHeadersWithinALongDeadline_stream_failsAfterTheIdleLimitSayingSo() {
        stub.stallingAfterHeaders();

        Throwable thrown = catchThrowable(() -> provider().withStreamIdle(Duration.ofMillis(300))
                .stream(request(Duration.ofSeconds(20)), new Heard()));

        assertThat(thrown).isInstanceOf(UpstreamException.class)
                .hasMessageContaining("went silent for 0.3 s after the headers of its streamed answer");
    }

    @Test
    void givenListenerThrows_stream_letsItsExceptionThroughAndClosesTheConnection() throws InterruptedException {
        stub.streaming(chunk("{\"content\":\"Hel\"}", "null"), 1000, Then.STALL);
        IllegalStateException hungUp = new IllegalStateException("the client hung up");

        Throwable thrown = catchThrowable(() -> provider().stream(request(Duration.ofSeconds(20)),
                new StreamListener() {
                    @Override
                    public void text(String delta) {
                        throw hungUp;
                    }
                }));

        assertThat(thrown).isSameAs(hungUp);
        assertThat(stub.clientClosedWithin(1000)).as("the stub saw its connection closed").isTrue();
    }

    @Test
    void givenUsageDetails_complete_parsesCachedAndReasoningTokens() throws IOException {
        try (ChatCompletionsStub plain = new ChatCompletionsStub()) {
            plain.answering(200, ChatCompletionsStub.SUCCESS.replace("\"total_tokens\":29",
                    "\"total_tokens\":29,\"prompt_tokens_details\":{\"cached_tokens\":12},"
                            + "\"completion_tokens_details\":{\"reasoning_tokens\":4}"));

            ModelResponse answer = OpenAiModelProvider.openAi(plain.baseUrl(), Optional.of(KEY), Instant::now)
                    .complete(request(Duration.ofSeconds(5)));

            assertThat(answer.usage()).isEqualTo(new Usage(19, 10, 12, 0, 4));
        }
    }

    private static String chunk(String delta, String finishReason) {
        return "data: " + HEAD + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,"
                + "\"finish_reason\":" + finishReason + "}],\"usage\":null}\n\n";
    }

    @Test
    void givenKeptAliveStreams_stream_reusesTheConnectionForTheNextCall() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
        server.createContext("/", exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(STREAM.getBytes(StandardCharsets.UTF_8));
                out.flush();
                // the body's last chunk comes after [DONE], as from a server that ends its response a moment later
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        try {
            OpenAiModelProvider provider = OpenAiModelProvider.openAi(
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Optional.of(KEY), Instant::now);

            for (int call = 0; call < 3; call++) {
                assertThat(provider.stream(request(Duration.ofSeconds(20)), new Heard()).text())
                        .isEqualTo("Hello w\u00f6rld \u4e16\u754c!");
            }

            assertThat(clientPorts).as("one connection for three streamed calls").hasSize(1);
        } finally {
            server.stop(0);
        }
    }

    private OpenAiModelProvider provider() {
        return OpenAiModelProvider.openAi(stub.baseUrl(), Optional.of(KEY), Instant::now);
    }

    private static ModelRequest request(Duration timeLeft) {
        return new ModelRequest("gpt-4o", List.of(Message.user("Say hello.")), ModelParameters.DEFAULTS,
                Instant.now().plus(timeLeft));
    }

    /** Keeps what a stream told it. */
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
