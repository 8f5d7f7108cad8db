package io.promptengine.application.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FakeClockTest {

    @Test
    void givenNewClock_now_isTheFixedStartAndStandsStill() {
        FakeClock clock = new FakeClock();

        assertThat(clock.now()).isEqualTo(FakeClock.START).isEqualTo(clock.now());
    }

    @Test
    void givenSetAndAdvance_now_followsThem() {
        FakeClock clock = new FakeClock(Instant.EPOCH);

        clock.set(Instant.parse("2030-06-01T00:00:00Z"));
        Instant advanced = clock.advance(Duration.ofMinutes(2));

        assertThat(advanced).isEqualTo(Instant.parse("2030-06-01T00:02:00Z"));
        assertThat(clock.now()).isEqualTo(advanced);
    }

    @Test
    void givenNegativeDuration_advance_isRefused() {
        assertThatThrownBy(() -> new FakeClock().advance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenManyThreadsAdvancing_now_countsEveryStep() throws InterruptedException {
        FakeClock clock = new FakeClock(Instant.EPOCH);
        ExecutorService pool = Executors.newFixedThreadPool(8);

        for (int i = 0; i < 10_000; i++) {
            pool.execute(() -> clock.advance(Duration.ofMillis(1)));
        }
        pool.shutdown();

        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(clock.now()).isEqualTo(Instant.EPOCH.plusSeconds(10));
    }
}
