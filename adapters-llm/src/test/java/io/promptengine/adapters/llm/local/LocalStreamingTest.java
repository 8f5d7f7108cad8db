package io.promptengine.adapters.llm.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.promptengine.adapters.llm.TokenCounter;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.application.port.out.StreamListener;
import io.promptengine.domain.error.DeadlineExceededException;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.Message;
import io.promptengine.domain.prompt.ModelParameters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class LocalStreamingTest {

    private static final TokenCounter TOKENS = new TokenCounter();
    private static final String FOX = "  The quick brown fox\njumps over the lazy dog. ";

    @Test
    void givenEcho_stream_streamsWordByWordWhatCompleteAnswers() {
        LocalModelProvider local = new LocalModelProvider("local", TOKENS, Instant::now, Duration.ZERO);
        List<String> heard = new ArrayList<>();
        List<Usage> usages = new ArrayList<>();

        ModelResponse answer = local.stream(request(Instant.now().plusSeconds(10)), new StreamListener() {
            @Override
            public void text(String delta) {
                heard.add(delta);
            }

            @Override
            public void usage(Usage soFar) {
                usages.add(soFar);
            }
        });

        assertThat(heard).containsExactly("  ", "The ", "quick ", "brown ", "fox\n", "jumps ", "over ", "the ",
                "lazy ", "dog. ");
        assertThat(answer).isEqualTo(local.complete(request(Instant.now().plusSeconds(10))));
        assertThat(usages).containsExactly(answer.usage());
    }

    @Test
    void givenPace_stream_pausesBetweenWords() {
        LocalModelProvider local = new LocalModelProvider("paced", TOKENS, Instant::now, Duration.ofMillis(50));
        long start = System.nanoTime();

        local.stream(request(Instant.now().plusSeconds(10)), delta -> { });

        // nine pauses of 50 ms at least: a lower bound on the pace, not a measure of speed
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
    }

    @Test
    void givenPaceBeyondTheDeadline_stream_throwsDeadlineExceededAfterSomeWords() {
        LocalModelProvider local = new LocalModelProvider("paced", TOKENS, Instant::now, Duration.ofMillis(200));
        List<String> heard = new ArrayList<>();

        Throwable thrown = catchThrowable(() -> local.stream(request(Instant.now().plusMillis(500)), heard::add));

        assertThat(thrown).isInstanceOf(DeadlineExceededException.class);
        assertThat(heard).isNotEmpty().hasSizeLessThan(10);
    }

    @Test
    void givenListenerThrows_stream_stopsWithItsException() {
        LocalModelProvider local = new LocalModelProvider("local", TOKENS, Instant::now, Duration.ZERO);
        List<String> heard = new ArrayList<>();
        RuntimeException hungUp = new RuntimeException("gone");

        Throwable thrown = catchThrowable(() -> local.stream(request(Instant.now().plusSeconds(10)), delta -> {
            heard.add(delta);
            if (heard.size() == 3) {
                throw hungUp;
            }
        }));

        assertThat(thrown).isSameAs(hungUp);
        assertThat(heard).hasSize(3);
    }

    private static ModelRequest request(Instant deadline) {
        return new ModelRequest("echo", List.of(Message.user(FOX)), ModelParameters.DEFAULTS, deadline);
    }
}
