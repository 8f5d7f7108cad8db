package io.promptengine.domain.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class UpstreamExceptionTest {

    @Test
    void givenAnswer_answered_carriesItsStatusRetryAndCause() {
        IOException cut = new IOException("reset");

        UpstreamException failure = UpstreamException.answered(429, "slow down", true,
                Optional.of(Duration.ofSeconds(2)), cut);

        assertThat(failure.status()).hasValue(429);
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(2));
        assertThat(failure.getCause()).isSameAs(cut);
        assertThat(failure.kind()).isEqualTo(ErrorKind.UPSTREAM);
    }

    @Test
    void givenNoAnswer_status_isEmpty() {
        assertThat(new UpstreamException("down").status()).isEmpty();
        assertThat(UpstreamException.transientFailure("refused", Optional.empty(), null).status()).isEmpty();
    }

    @Test
    void givenFailureWithoutStatus_onAnswer_isTheSameFailureWithTheStatus() {
        UpstreamException malformed = UpstreamException.transientFailure("cut short", Optional.empty(), null);

        UpstreamException answered = malformed.onAnswer(200);

        assertThat(answered.status()).isEqualTo(OptionalInt.of(200));
        assertThat(answered.getMessage()).isEqualTo("cut short");
        assertThat(answered.retryable()).isTrue();
        assertThat(answered.getStackTrace()).isEqualTo(malformed.getStackTrace());
    }

    @Test
    void givenFailureWithStatus_onAnswer_keepsIt() {
        UpstreamException failure = UpstreamException.answered(503, "busy", true, Optional.empty(), null);

        assertThat(failure.onAnswer(200)).isSameAs(failure);
    }

    @Test
    void givenNoHttpStatus_answered_isRefused() {
        assertThatThrownBy(() -> UpstreamException.answered(42, "odd", false, Optional.empty(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("status must be an HTTP status");
    }
}
