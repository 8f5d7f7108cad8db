package io.promptengine.domain.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    @Test
    void theDefault_spreadsEightAttemptsOverAboutADay() {
        Duration total = RetrySchedule.DEFAULT.delays().stream().reduce(Duration.ZERO, Duration::plus);

        assertThat(RetrySchedule.DEFAULT.maxAttempts()).isEqualTo(8);
        assertThat(total).isBetween(Duration.ofHours(20), Duration.ofHours(30));
    }

    @Test
    void after_isTheDelayOfTheAttempt_variedByTheJitterEitherWay_andEmptyAfterTheLast() {
        RetrySchedule schedule = new RetrySchedule(List.of(Duration.ofSeconds(10), Duration.ofSeconds(100)), 0.2);

        assertThat(schedule.after(1, 0.5, Optional.empty())).contains(Duration.ofSeconds(10));
        assertThat(schedule.after(1, 0.0, Optional.empty())).contains(Duration.ofSeconds(8));
        assertThat(schedule.after(2, 0.999_999, Optional.empty()).orElseThrow())
                .isBetween(Duration.ofSeconds(119), Duration.ofSeconds(120));
        assertThat(schedule.after(3, 0.5, Optional.empty())).isEmpty();
    }

    @Test
    void aRetryAfter_replacesTheDelay_upToItsBound_butNotTheLastAttempt() {
        RetrySchedule schedule = new RetrySchedule(List.of(Duration.ofSeconds(10)), 0.2);

        assertThat(schedule.after(1, 0.5, Optional.of(Duration.ofSeconds(90)))).contains(Duration.ofSeconds(90));
        assertThat(schedule.after(1, 0.5, Optional.of(Duration.ofDays(3)))).contains(RetrySchedule.MAX_RETRY_AFTER);
        assertThat(schedule.after(2, 0.5, Optional.of(Duration.ofSeconds(1)))).isEmpty();
    }

    @Test
    void aSchedule_refusesNoDelaysNonPositiveDelaysAndWildJitter() {
        assertThatThrownBy(() -> new RetrySchedule(List.of(), 0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetrySchedule(List.of(Duration.ZERO), 0.1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetrySchedule(List.of(Duration.ofSeconds(1)), 1.0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
