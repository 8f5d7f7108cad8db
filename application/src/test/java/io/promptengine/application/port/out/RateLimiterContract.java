package io.promptengine.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.application.port.out.RateLimiter.Admitted;
import io.promptengine.application.port.out.RateLimiter.Bucket;
import io.promptengine.application.port.out.RateLimiter.Decision;
import io.promptengine.application.port.out.RateLimiter.Limited;
import io.promptengine.domain.ratelimit.Allowance;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link RateLimiter} does: a sliding window, atomic over buckets, exact under concurrency. */
public abstract class RateLimiterContract {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final Bucket TENANT = new Bucket("tenant:ten_acme", 5);

    private RateLimiter limiter;

    /** A new limiter that has counted nothing; called before each test. */
    protected abstract RateLimiter newLimiter();

    @BeforeEach
    void createLimiter() {
        limiter = newLimiter();
    }

    @Test
    void givenLimitN_theFirstNRequests_areAdmittedAndTheNextIsLimited() {
        for (int i = 0; i < 5; i++) {
            assertThat(acquire(T0.plusMillis(i), TENANT)).as("request %d", i + 1).isInstanceOf(Admitted.class);
        }

        assertThat(acquire(T0.plusSeconds(1), TENANT)).isInstanceOf(Limited.class);
    }

    @Test
    void admitted_countsDownRemainingAndResetsWhenTheOldestRequestLeaves() {
        Decision first = acquire(T0, TENANT);
        Decision second = acquire(T0.plusSeconds(10), TENANT);

        assertThat(first.allowance()).isEqualTo(new Allowance(5, 4, T0.plusSeconds(60)));
        assertThat(second.allowance()).isEqualTo(new Allowance(5, 3, T0.plusSeconds(60)));
    }

    @Test
    void limited_saysWhenTheNextRequestIsAdmitted() {
        for (int i = 0; i < 5; i++) {
            acquire(T0.plusSeconds(i), TENANT);
        }

        Decision refused = acquire(T0.plusSeconds(30), TENANT);

        assertThat(refused).isEqualTo(new Limited(TENANT, new Allowance(5, 0, T0.plusSeconds(60))));
    }

    @Test
    void aRequest_countsUntilAndNotAtOneWindowLater() {
        fill(TENANT, T0);

        assertThat(acquire(T0.plus(RateLimiter.WINDOW).minusNanos(1000), TENANT)).isInstanceOf(Limited.class);
        assertThat(acquire(T0.plus(RateLimiter.WINDOW), TENANT)).isInstanceOf(Admitted.class);
    }

    @Test
    void aBurstAcrossAMinuteBoundary_isLimitedAsAnyOtherWindow() {
        Instant beforeBoundary = T0.plusMillis(59_500);
        fill(TENANT, beforeBoundary);

        // a calendar-minute counter would start afresh here and admit five more
        for (int i = 0; i < 5; i++) {
            assertThat(acquire(T0.plusMillis(60_500 + i), TENANT)).isInstanceOf(Limited.class);
        }
        assertThat(acquire(beforeBoundary.plus(RateLimiter.WINDOW), TENANT)).isInstanceOf(Admitted.class);
    }

    @Test
    void requestsSpreadOverTheWindow_leaveOneAtATime() {
        for (int i = 0; i < 5; i++) {
            acquire(T0.plusSeconds(10L * i), TENANT);
        }

        assertThat(acquire(T0.plusSeconds(59), TENANT)).isInstanceOf(Limited.class);
        Decision afterFirstLeft = acquire(T0.plusSeconds(60), TENANT);
        assertThat(afterFirstLeft.allowance()).isEqualTo(new Allowance(5, 0, T0.plusSeconds(70)));
        assertThat(acquire(T0.plusSeconds(69), TENANT).allowance().resetAt()).isEqualTo(T0.plusSeconds(70));
    }

    @Test
    void limited_countsNothingInAnyBucket() {
        Bucket key = new Bucket("key:key_1", 2);
        acquire(T0, TENANT, key);
        acquire(T0, TENANT, key);

        assertThat(acquire(T0, TENANT, key)).isEqualTo(new Limited(key, new Allowance(2, 0, T0.plusSeconds(60))));
        assertThat(acquire(T0, TENANT, key)).isInstanceOf(Limited.class);

        // only the two admitted requests counted in the tenant's bucket
        assertThat(acquire(T0, TENANT).allowance().remaining()).isEqualTo(2);
    }

    @Test
    void admitted_reportsTheTightestBucket() {
        Bucket key = new Bucket("key:key_1", 3);

        Decision first = acquire(T0, TENANT, key);

        assertThat(first.allowance()).isEqualTo(new Allowance(3, 2, T0.plusSeconds(60)));
    }

    @Test
    void givenEqualRemaining_admitted_reportsTheLowerLimit() {
        Bucket wide = new Bucket("tenant:ten_wide", 10);
        Bucket narrow = new Bucket("key:key_narrow", 4);
        for (int i = 0; i < 6; i++) {
            acquire(T0, wide);
        }

        Decision decision = acquire(T0.plusSeconds(1), wide, narrow);

        assertThat(decision.allowance()).isEqualTo(new Allowance(4, 3, T0.plusSeconds(61)));
    }

    @Test
    void givenSeveralFullBuckets_limited_reportsTheOneThatFreesUpLast() {
        Bucket early = new Bucket("key:key_early", 1);
        Bucket late = new Bucket("tenant:ten_late", 1);
        acquire(T0, early);
        acquire(T0.plusSeconds(20), late);

        Decision decision = acquire(T0.plusSeconds(30), early, late);

        assertThat(decision).isEqualTo(new Limited(late, new Allowance(1, 0, T0.plusSeconds(80))));
    }

    @Test
    void buckets_countIndependently() {
        fill(TENANT, T0);

        assertThat(acquire(T0, new Bucket("tenant:ten_globex", 5))).isInstanceOf(Admitted.class);
    }

    @Test
    void givenARaisedLimit_theBucketAdmitsUpToTheNewLimit() {
        fill(TENANT, T0);
        Bucket raised = new Bucket(TENANT.key(), 7);

        assertThat(acquire(T0, raised).allowance()).isEqualTo(new Allowance(7, 1, T0.plusSeconds(60)));
        assertThat(acquire(T0, raised)).isInstanceOf(Admitted.class);
        assertThat(acquire(T0, raised)).isInstanceOf(Limited.class);
    }

    @Test
    void givenALoweredLimitBelowTheCount_theBucketWaitsUntilEnoughLeft() {
        for (int i = 0; i < 5; i++) {
            acquire(T0.plusSeconds(i), TENANT);
        }
        Bucket lowered = new Bucket(TENANT.key(), 2);

        assertThat(acquire(T0.plusSeconds(10), lowered))
                .isEqualTo(new Limited(lowered, new Allowance(2, 0, T0.plusSeconds(63))));
        assertThat(acquire(T0.plusSeconds(63), lowered)).isInstanceOf(Admitted.class);
    }

    @Test
    void givenAClockThatStepsBack_aRequestCountsAsIfAtTheNewestTime() {
        acquire(T0.plusSeconds(30), TENANT);
        for (int i = 0; i < 4; i++) {
            assertThat(acquire(T0, TENANT)).isInstanceOf(Admitted.class);
        }

        assertThat(acquire(T0.plusSeconds(30), TENANT)).isInstanceOf(Limited.class);
        assertThat(acquire(T0.plusSeconds(89), TENANT)).isInstanceOf(Limited.class);
        assertThat(acquire(T0.plusSeconds(90), TENANT)).isInstanceOf(Admitted.class);
    }

    @Test
    void givenNoBucketsOrTheSameKeyTwice_acquire_isRefused() {
        assertThatThrownBy(() -> limiter.acquire(List.of(), T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> limiter.acquire(List.of(TENANT, new Bucket(TENANT.key(), 9)), T0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenFiveTimesTheLimitConcurrently_exactlyTheLimitIsAdmitted() throws Exception {
        Bucket bucket = new Bucket("tenant:ten_race", 60);

        List<Decision> decisions = Race.of(300, () -> limiter.acquire(List.of(bucket), T0));

        assertThat(decisions.stream().filter(Admitted.class::isInstance)).hasSize(60);
        assertThat(decisions.stream().filter(d -> d.allowance().remaining() == 0)).hasSize(241);
    }

    @Test
    void givenThreadsRacingRoundAfterRound_eachBucketAdmitsExactlyItsLimit() throws Exception {
        int rounds = 200;
        int threads = 8;
        CyclicBarrier start = new CyclicBarrier(threads);

        // one fresh bucket per round, hit by every thread at once: many chances for a lost update to show
        List<int[]> admitted = Race.of(threads, () -> {
            int[] mine = new int[rounds];
            for (int round = 0; round < rounds; round++) {
                Bucket bucket = new Bucket("tenant:ten_round_" + round, 20);
                start.await(10, TimeUnit.SECONDS);
                for (int i = 0; i < 10; i++) {
                    if (limiter.acquire(List.of(bucket), T0.plusNanos(i * 1_000L)) instanceof Admitted) {
                        mine[round]++;
                    }
                }
            }
            return mine;
        });

        for (int round = 0; round < rounds; round++) {
            int r = round;
            assertThat(admitted.stream().mapToInt(mine -> mine[r]).sum()).as("round %d", round).isEqualTo(20);
        }
    }

    @Test
    void givenTwoBucketsConcurrently_exactlyTheTighterLimitIsAdmittedAndOnlyThatCounts() throws Exception {
        Bucket tenant = new Bucket("tenant:ten_race", 60);
        Bucket keyA = new Bucket("key:key_a", 20);
        Bucket keyB = new Bucket("key:key_b", 30);

        AtomicInteger calls = new AtomicInteger();

        // buckets listed in both orders: locking must not depend on the order given
        List<Decision> decisions = Race.of(300, () -> calls.incrementAndGet() % 2 == 0
                ? limiter.acquire(List.of(tenant, keyA), T0)
                : limiter.acquire(List.of(keyB, tenant), T0));

        assertThat(decisions.stream().filter(Admitted.class::isInstance)).hasSize(50);
        assertThat(acquire(T0, tenant).allowance().remaining()).isEqualTo(9);
    }

    private Decision acquire(Instant now, Bucket... buckets) {
        return limiter.acquire(List.of(buckets), now);
    }

    private void fill(Bucket bucket, Instant at) {
        for (int i = 0; i < bucket.limit(); i++) {
            assertThat(acquire(at, bucket)).isInstanceOf(Admitted.class);
        }
    }
}
