package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClaimBatchingTest {

    private static final Duration LINGER = Duration.ofMillis(2);
    private static final long MS = 1_000_000L;

    @Test
    void givenSlots_batch_isAQuarterOfThemFromOneToSixteen() {
        assertThat(new ClaimBatching(1, LINGER).batch()).isEqualTo(1);
        assertThat(new ClaimBatching(7, LINGER).batch()).isEqualTo(1);
        assertThat(new ClaimBatching(32, LINGER).batch()).isEqualTo(8);
        assertThat(new ClaimBatching(1_000, LINGER).batch()).isEqualTo(ClaimBatching.MAX_BATCH);
        assertThatThrownBy(() -> new ClaimBatching(0, LINGER)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenNoClaimYet_claimNow_claimsAtOnceForASingleFreeSlot() {
        ClaimBatching batching = new ClaimBatching(32, LINGER);

        assertThat(batching.claimNow(1, 0)).isTrue();
    }

    @Test
    void givenNoFreeSlot_claimNow_doesNotClaim() {
        ClaimBatching batching = new ClaimBatching(32, LINGER);

        assertThat(batching.claimNow(0, 0)).isFalse();
        assertThat(batching.nanosUntilClaim(0)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void givenAFullQueue_claimNow_waitsForABatchOfFreeSlots() {
        ClaimBatching batching = new ClaimBatching(32, LINGER);
        batching.claimed(32, 32);

        assertThat(batching.claimNow(1, 0)).isFalse();
        assertThat(batching.claimNow(7, MS / 2)).isFalse();
        assertThat(batching.claimNow(8, MS)).as("a batch of 8 is free").isTrue();
        assertThat(batching.nanosUntilClaim(MS)).as("nothing lingers once claimed").isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void givenAFullQueue_claimNow_claimsForFewerSlotsOnceTheFirstOfThemLingeredLongEnough() {
        ClaimBatching batching = new ClaimBatching(32, LINGER);
        batching.claimed(16, 16);

        assertThat(batching.claimNow(1, 10 * MS)).isFalse();
        assertThat(batching.nanosUntilClaim(10 * MS)).isEqualTo(2 * MS);
        assertThat(batching.claimNow(3, 11 * MS)).as("the linger runs from the first freed slot").isFalse();
        assertThat(batching.nanosUntilClaim(11 * MS)).isEqualTo(MS);
        assertThat(batching.claimNow(3, 12 * MS)).isTrue();

        batching.claimed(3, 3);
        assertThat(batching.claimNow(1, 20 * MS)).as("a new linger starts with the next freed slot").isFalse();
        assertThat(batching.nanosUntilClaim(21 * MS)).isEqualTo(MS);
    }

    @Test
    void givenTheLastClaimFoundFewerThanItAskedFor_claimNow_claimsAtOnce() {
        ClaimBatching batching = new ClaimBatching(32, LINGER);
        batching.claimed(32, 32);
        assertThat(batching.claimNow(1, 0)).isFalse();

        batching.claimed(8, 5);

        assertThat(batching.claimNow(1, 0)).as("the queue ran dry: a newly queued execution starts at once").isTrue();
    }

    @Test
    void givenAFailedClaim_claimNow_claimsAtOnceAndNothingLingers() {
        ClaimBatching batching = new ClaimBatching(32, LINGER);
        batching.claimed(32, 32);
        assertThat(batching.claimNow(1, 0)).isFalse();

        batching.failed();

        assertThat(batching.nanosUntilClaim(0)).isEqualTo(Long.MAX_VALUE);
        assertThat(batching.claimNow(1, 0)).isTrue();
    }
}
