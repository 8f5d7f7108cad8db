package io.promptengine.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.application.port.out.RateLimiter;
import io.promptengine.application.port.out.RateLimiter.Bucket;
import io.promptengine.application.port.out.RateLimiterContract;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryRateLimiterTest extends RateLimiterContract {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    @Override
    protected RateLimiter newLimiter() {
        return new InMemoryRateLimiter();
    }

    @Test
    void idleBuckets_areDroppedAfterAWindowAndCountAfreshWhenBack() {
        InMemoryRateLimiter limiter = new InMemoryRateLimiter();
        for (int i = 0; i < 1_000; i++) {
            limiter.acquire(List.of(new Bucket("tenant:ten_" + i, 5)), T0);
        }
        assertThat(limiter.buckets()).isEqualTo(1_000);

        limiter.acquire(List.of(new Bucket("tenant:ten_busy", 5)), T0.plus(RateLimiter.WINDOW));
        limiter.acquire(List.of(new Bucket("tenant:ten_busy", 5)), T0.plus(RateLimiter.WINDOW.multipliedBy(2)));

        assertThat(limiter.buckets()).isEqualTo(1);
        assertThat(limiter.acquire(List.of(new Bucket("tenant:ten_7", 5)), T0.plus(RateLimiter.WINDOW.multipliedBy(2)))
                .allowance().remaining()).isEqualTo(4);
    }

    @Test
    void aBucketStillCounting_isKept() {
        InMemoryRateLimiter limiter = new InMemoryRateLimiter();
        Bucket steady = new Bucket("tenant:ten_steady", 3);
        limiter.acquire(List.of(steady), T0);
        limiter.acquire(List.of(steady), T0.plusSeconds(59));

        limiter.acquire(List.of(new Bucket("tenant:ten_other", 5)), T0.plus(RateLimiter.WINDOW));
        limiter.acquire(List.of(new Bucket("tenant:ten_other", 5)), T0.plusSeconds(61));

        assertThat(limiter.acquire(List.of(steady), T0.plusSeconds(61)).allowance().remaining()).isEqualTo(1);
    }
}
