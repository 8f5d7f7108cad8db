package io.promptengine.adapters.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.promptengine.adapters.llm.StallingProviderStub.Stall;
import io.promptengine.adapters.llm.StallingProviderStub.StallEnd;
import io.promptengine.adapters.llm.anthropic.AnthropicModelProvider;
import io.promptengine.adapters.llm.openai.OpenAiModelProvider;
import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.domain.error.DeadlineExceededException;
import io.promptengine.domain.prompt.Message;
import io.promptengine.domain.prompt.ModelParameters;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Both HTTP adapters against a provider that stalls once its answer has begun, after the headers or halfway
 * through the body: the call ends at the request's deadline, not when the 10 s stall would, the stalled connection
 * is closed rather than kept for the next call, no thread is left reading it, and the next call works.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ProviderAnswerDeadlineTest {

    private static final Duration DEADLINE = Duration.ofSeconds(1);
    /** Far more than the deadline and far less than the stall: answering within it proves the deadline ended it. */
    private static final Duration PROMPTLY = Duration.ofSeconds(4);

    enum Adapter {
        OPENAI_COMPATIBLE("gpt-4o", StallingProviderStub.CHAT_TEXT,
                url -> OpenAiModelProvider.compatible("stalling", url, Optional.of("sk-test"), Instant::now)),
        ANTHROPIC("claude-sonnet-4-5", StallingProviderStub.MESSAGES_TEXT,
                url -> new AnthropicModelProvider(url, "sk-ant-test", Instant::now));

        final String model;
        final String text;
        final Function<URI, ModelProvider> at;

        Adapter(String model, String text, Function<URI, ModelProvider> at) {
            this.model = model;
            this.text = text;
            this.at = at;
        }
    }

    @ParameterizedTest
    @EnumSource(Adapter.class)
    void givenProviderStallingAfterItsHeaders_complete_endsAtTheDeadlineAndClosesTheConnection(Adapter adapter)
            throws Exception {
        assertStallEndsAtTheDeadline(adapter, Stall.AFTER_HEADERS);
    }

    @ParameterizedTest
    @EnumSource(Adapter.class)
    void givenProviderStallingHalfwayThroughItsBody_complete_endsAtTheDeadlineAndClosesTheConnection(Adapter adapter)
            throws Exception {
        assertStallEndsAtTheDeadline(adapter, Stall.MID_BODY);
    }

    private static void assertStallEndsAtTheDeadline(Adapter adapter, Stall stall) throws Exception {
        try (StallingProviderStub stub = new StallingProviderStub(stall)) {
            ModelProvider provider = adapter.at.apply(stub.baseUrl());

            long started = System.nanoTime();
            Throwable thrown = catchThrowable(() -> provider.complete(request(adapter, DEADLINE)));
            Duration waited = Duration.ofNanos(System.nanoTime() - started);

            assertThat(thrown).isInstanceOf(DeadlineExceededException.class)
                    .hasMessageContaining("did not answer before the deadline");
            assertThat(waited).as("ended at the 1 s deadline, not with the 10 s stall")
                    .isGreaterThanOrEqualTo(DEADLINE.minusMillis(50)).isLessThan(PROMPTLY);
            assertThat(stub.stalledConnectionClosed().get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS))
                    .as("the stalled connection, seen from the stub").isEqualTo(StallEnd.CLIENT_CLOSED);
            assertThat(threadsStillReadingAnAnswerAfter(Duration.ofSeconds(2)))
                    .as("threads still reading a provider's answer").isEmpty();

            assertThat(provider.complete(request(adapter, Duration.ofSeconds(10))).text()).isEqualTo(adapter.text);
            assertThat(stub.connections()).as("the next call came on a new connection").isEqualTo(2);
        }
    }

    /**
     * The threads still in a read of an answer after waiting up to {@code patience} for them to leave. The deadline's
     * timer thread closes the stalled socket and may still be inside that close, finishing it, when the caller has
     * already been told; a thread left reading would stay for the whole 10 s stall, far longer than the patience.
     */
    private static Map<String, String> threadsStillReadingAnAnswerAfter(Duration patience) throws InterruptedException {
        long giveUp = System.nanoTime() + patience.toNanos();
        Map<String, String> reading = threadsReadingAnAnswer();
        while (!reading.isEmpty() && System.nanoTime() < giveUp) {
            Thread.sleep(20);
            reading = threadsReadingAnAnswer();
        }
        return reading;
    }

    /** Threads in a blocking read of an answer body, or in our adapters' HTTP call: none should be left. */
    private static Map<String, String> threadsReadingAnAnswer() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(entry -> entry.getKey() != Thread.currentThread())
                .filter(entry -> Arrays.stream(entry.getValue()).anyMatch(frame ->
                        frame.getClassName().startsWith(ProviderHttp.class.getName())
                                || frame.getClassName().contains("HttpResponseInputStream")))
                .collect(Collectors.toMap(entry -> entry.getKey().getName(),
                        entry -> Arrays.toString(entry.getValue())));
    }

    private static ModelRequest request(Adapter adapter, Duration within) {
        return new ModelRequest(adapter.model, List.of(Message.user("Hi")), ModelParameters.DEFAULTS,
                Instant.now().plus(within));
    }
}
