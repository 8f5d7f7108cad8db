package io.promptengine.domain.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.domain.error.ErrorKind;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LimitExceededExceptionTest {

    private static final Allowance SPENT = new Allowance(60, 0, Instant.parse("2025-01-01T00:01:00Z"));

    @Test
    void rateLimited_isTheRateLimitedKindWithItsFigures() {
        LimitExceededException refused = LimitExceededException.rateLimited("slow down", SPENT, Duration.ofSeconds(7));

        assertThat(refused.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(refused.getMessage()).isEqualTo("slow down");
        assertThat(refused.allowance()).isEqualTo(SPENT);
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void quotaExceeded_isTheQuotaKind() {
        assertThat(LimitExceededException.quotaExceeded("spent", SPENT, Duration.ofDays(3)).kind())
                .isEqualTo(ErrorKind.QUOTA_EXCEEDED);
    }

    @Test
    void givenNegativeWait_limitExceeded_isRefused() {
        assertThatThrownBy(() -> LimitExceededException.rateLimited("x", SPENT, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
