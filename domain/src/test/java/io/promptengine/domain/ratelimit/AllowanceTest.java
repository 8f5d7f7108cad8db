package io.promptengine.domain.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AllowanceTest {

    private static final Instant RESET = Instant.parse("2025-01-01T00:01:00Z");

    @Test
    void givenFiguresWithinTheLimit_allowance_keepsThem() {
        Allowance allowance = new Allowance(60, 0, RESET);

        assertThat(allowance.limit()).isEqualTo(60);
        assertThat(allowance.remaining()).isZero();
        assertThat(allowance.resetAt()).isEqualTo(RESET);
    }

    @Test
    void givenRemainingAboveTheLimitOrNegative_allowance_isRefused() {
        assertThatThrownBy(() -> new Allowance(60, 61, RESET)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Allowance(60, -1, RESET)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenNoLimit_allowance_isRefused() {
        assertThatThrownBy(() -> new Allowance(0, 0, RESET)).isInstanceOf(IllegalArgumentException.class);
    }
}
