package io.promptengine.adapters.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.application.fakes.FakeClock;
import io.promptengine.application.fakes.FakeModelProvider;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.domain.error.CircuitOpenException;
import io.promptengine.domain.error.UpstreamException;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.Message;
import io.promptengine.domain.prompt.ModelParameters;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CircuitBreakingModelProviderTest {

    private static final Duration OPEN_FOR = Duration.ofSeconds(30);

    private final FakeClock clock = new FakeClock();
    private final FakeModelProvider provider = new FakeModelProvider("openai");
    private final CircuitBreakingModelProvider breaker = new CircuitBreakingModelProvider(provider,
            new CircuitBreakingModelProvider.Settings(4, 4, 50, OPEN_FOR), clock);

    @Test
    void givenProviderFailingTransiently_calls_failFastOnceTheBreakerOpens() {
        provider.failWith(UpstreamException.transientFailure("OpenAI answered HTTP 503", Optional.empty(), null));
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> breaker.complete(request())).isInstanceOf(UpstreamException.class);
        }

        assertThatThrownBy(() -> breaker.complete(request())).isInstanceOf(CircuitOpenException.class)
                .hasMessageContaining("Provider 'openai' is failing")
                .hasMessageContaining(clock.now().plus(OPEN_FOR).toString());
        assertThat(provider.calls()).isEqualTo(4);
        assertThat(breaker.state()).isEqualTo("OPEN");
    }

    @Test
    void givenOpenBreaker_afterTheCoolDown_aSuccessfulTrialClosesIt() {
        open();
        clock.advance(OPEN_FOR.plusMillis(1));
        provider.answer("back", new Usage(1, 1));

        assertThat(breaker.complete(request()).text()).isEqualTo("back");
        assertThat(breaker.state()).isEqualTo("CLOSED");
        assertThat(breaker.complete(request()).text()).isEqualTo("back");
    }

    @Test
    void givenOpenBreaker_afterTheCoolDown_aFailedTrialOpensItAgain() {
        open();
        clock.advance(OPEN_FOR.plusMillis(1));

        assertThatThrownBy(() -> breaker.complete(request())).isInstanceOf(UpstreamException.class);
        assertThat(breaker.state()).isEqualTo("OPEN");
        assertThatThrownBy(() -> breaker.complete(request())).isInstanceOf(CircuitOpenException.class);
    }

    @Test
    void givenOpenBreaker_beforeTheCoolDown_theProviderIsNotCalled() {
        open();
        int before = provider.calls();
        clock.advance(OPEN_FOR.minusSeconds(1));

        assertThatThrownBy(() -> breaker.complete(request())).isInstanceOf(CircuitOpenException.class);
        assertThat(provider.calls()).isEqualTo(before);
    }

    @Test
    void givenFailuresRetryingCannotCure_calls_doNotOpenTheBreaker() {
        provider.failWith(new UpstreamException("The configured OpenAI credentials were rejected (HTTP 401)"));
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> breaker.complete(request())).isInstanceOf(UpstreamException.class);
        }

        assertThat(breaker.state()).isEqualTo("CLOSED");
        assertThat(provider.calls()).isEqualTo(10);
    }

    @Test
    void givenMostlySuccessfulCalls_theBreaker_staysClosed() {
        for (int i = 0; i < 3; i++) {
            breaker.complete(request());
        }
        provider.failWith(UpstreamException.transientFailure("OpenAI answered HTTP 500", Optional.empty(), null));
        assertThatThrownBy(() -> breaker.complete(request())).isInstanceOf(UpstreamException.class);

        assertThat(breaker.state()).isEqualTo("CLOSED");
    }

    @Test
    void givenStreamingProvider_stream_forwardsToItsOwnStream() {
        provider.streamWords("one two three", new Usage(3, 3), true);
        List<String> heard = new java.util.ArrayList<>();

        assertThat(breaker.stream(request(), heard::add).text()).isEqualTo("one two three");
        assertThat(heard).hasSizeGreaterThan(1);
    }

    @Test
    void givenStreamsFailingTransiently_stream_opensTheBreakerAsCallsDo() {
        provider.streamWith((request, listener) -> {
            throw UpstreamException.transientFailure("Anthropic failed in the middle of its streamed answer",
                    Optional.empty(), null);
        });
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> breaker.stream(request(), delta -> { })).isInstanceOf(UpstreamException.class);
        }

        assertThatThrownBy(() -> breaker.stream(request(), delta -> { })).isInstanceOf(CircuitOpenException.class);
        assertThat(breaker.state()).isEqualTo("OPEN");
    }

    private void open() {
        provider.failWith(UpstreamException.transientFailure("OpenAI answered HTTP 503", Optional.empty(), null));
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> breaker.complete(request())).isInstanceOf(UpstreamException.class);
        }
        assertThat(breaker.state()).isEqualTo("OPEN");
    }

    private ModelRequest request() {
        return new ModelRequest("gpt-4o", List.of(Message.user("hi")), ModelParameters.DEFAULTS,
                clock.now().plusSeconds(60));
    }
}
