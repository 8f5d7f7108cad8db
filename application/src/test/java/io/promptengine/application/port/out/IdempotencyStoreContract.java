package io.promptengine.application.port.out;

import io.promptengine.application.model.StoredResponse;
import io.promptengine.application.port.out.IdempotencyStore.ClaimOutcome;
import io.promptengine.application.port.out.IdempotencyStore.Claimed;
import io.promptengine.application.port.out.IdempotencyStore.Occupied;
import io.promptengine.application.port.out.IdempotencyStore.Vacated;
import io.promptengine.application.port.out.IdempotencyStore.Write;
import io.promptengine.domain.tenant.TenantId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link IdempotencyStore} does. Instants are whole microseconds, the finest a store must keep. */
public abstract class IdempotencyStoreContract {

    protected static final TenantId ACME = new TenantId("ten_acme");
    protected static final TenantId GLOBEX = new TenantId("ten_globex");
    private static final Instant NOW = Instant.parse("2025-03-01T10:15:30.000007Z");
    private static final String FINGERPRINT = "a".repeat(64);
    private static final StoredResponse ANSWER = new StoredResponse(202, List.of(
            new StoredResponse.Header("Content-Type", "application/json"),
            new StoredResponse.Header("Location", "/v1/executions/exec_1"),
            new StoredResponse.Header("X-Execution-Id", "exec_1")),
            "{\"id\": \"exec_1\", \"status\": \"queued\", \"é\": \"ü\"}".getBytes(StandardCharsets.UTF_8));

    private IdempotencyStore store;

    /** A new, empty store; called before each test. */
    protected abstract IdempotencyStore newStore();

    /** Makes {@code tenant} known to the store from {@link #newStore}, for stores that check owners. */
    protected abstract void givenTenant(TenantId tenant);

    @BeforeEach
    void createStore() {
        store = newStore();
        givenTenant(ACME);
        givenTenant(GLOBEX);
    }

    private static IdempotencyRecord claim(TenantId tenant, String key, String claimId, Instant at) {
        return claim(tenant, key, claimId, "pe-1-instance", at);
    }

    private static IdempotencyRecord claim(TenantId tenant, String key, String claimId, String holder, Instant at) {
        return new IdempotencyRecord(tenant, key, FINGERPRINT, claimId, Optional.of(holder), Optional.empty(), at,
                at.plus(Duration.ofMinutes(11)), at.plus(Duration.ofHours(24)));
    }

    @Test
    void givenFreeKey_claim_succeedsOnceAndFindReturnsTheClaim() {
        IdempotencyRecord first = claim(ACME, "key-1", "claim-1", NOW);

        assertThat(store.claim(first)).isEqualTo(new Claimed(first));
        assertThat(store.claim(claim(ACME, "key-1", "claim-2", NOW))).isEqualTo(new Occupied(first));
        assertThat(store.find(ACME, "key-1")).contains(first);
    }

    @Test
    void givenSameKeyValue_twoTenants_holdItIndependently() {
        assertThat(store.claim(claim(ACME, "shared", "claim-a", NOW))).isInstanceOf(Claimed.class);
        assertThat(store.claim(claim(GLOBEX, "shared", "claim-g", NOW))).isInstanceOf(Claimed.class);

        assertThat(store.find(ACME, "shared").orElseThrow().claimId()).isEqualTo("claim-a");
        assertThat(store.find(GLOBEX, "shared").orElseThrow().claimId()).isEqualTo("claim-g");
        assertThat(store.find(GLOBEX, "other")).isEmpty();
    }

    @Test
    void givenClaim_complete_storesTheAnswerByteForByte() {
        IdempotencyRecord first = claim(ACME, "key-2", "claim-1", NOW);
        store.claim(first);

        assertThat(store.complete(ACME, "key-2", "claim-1", ANSWER)).isEqualTo(Write.APPLIED);

        IdempotencyRecord found = store.find(ACME, "key-2").orElseThrow();
        assertThat(found.response()).contains(ANSWER);
        assertThat(found.inFlight()).isFalse();
        assertThat(found.createdAt()).isEqualTo(NOW);
        assertThat(found.expiresAt()).isEqualTo(first.expiresAt());
        assertThat(found).isEqualTo(first.answered(ANSWER));
    }

    @Test
    void givenClaim_find_returnsItsHolderAndDeadline() {
        IdempotencyRecord first = claim(ACME, "key-h", "claim-1", "pe-42-cafe", NOW);
        store.claim(first);

        IdempotencyRecord found = store.find(ACME, "key-h").orElseThrow();

        assertThat(found.holder()).contains("pe-42-cafe");
        assertThat(found.deadline()).isEqualTo(NOW.plus(Duration.ofMinutes(11)));
    }

    @Test
    void givenClaimOfADeadInstance_takeOver_movesHolderDeadlineAndCreationToTheNewClaim() {
        IdempotencyRecord dead = claim(ACME, "key-d", "claim-dead", "pe-1-killed", NOW);
        store.claim(dead);
        IdempotencyRecord retry = claim(ACME, "key-d", "claim-retry", "pe-2-restarted", NOW.plusSeconds(3));

        assertThat(store.takeOver(dead, retry)).isEqualTo(Write.APPLIED);

        assertThat(store.find(ACME, "key-d")).contains(retry);
        assertThat(store.complete(ACME, "key-d", "claim-retry", ANSWER)).isEqualTo(Write.APPLIED);
        assertThat(store.find(ACME, "key-d")).contains(retry.answered(ANSWER));
    }

    @Test
    void givenManyRetriesTakingOverOneDeadClaimAtOnce_exactlyOneWins() throws Exception {
        IdempotencyRecord dead = claim(ACME, "key-race", "claim-dead", "pe-1-killed", NOW);
        store.claim(dead);

        List<String> winners = Race.of(20, () -> {
            String claimId = "claim-" + Thread.currentThread().getId();
            Write write = store.takeOver(dead, claim(ACME, "key-race", claimId, "pe-2-b",
                    NOW.plusSeconds(3)));
            return write == Write.APPLIED ? claimId : null;
        }).stream().filter(java.util.Objects::nonNull).toList();

        assertThat(winners).hasSize(1);
        assertThat(store.find(ACME, "key-race").orElseThrow().claimId()).isEqualTo(winners.get(0));
    }

    @Test
    void givenAnsweredKey_takeOverOfItsInFlightClaim_fails() {
        IdempotencyRecord first = claim(ACME, "key-a", "claim-1", NOW);
        store.claim(first);
        store.complete(ACME, "key-a", "claim-1", ANSWER);

        assertThat(store.takeOver(first, claim(ACME, "key-a", "claim-2", NOW.plusSeconds(1)))).isEqualTo(Write.LOST);
        assertThat(store.find(ACME, "key-a").orElseThrow().response()).contains(ANSWER);
    }

    @Test
    void givenClaimTakenOver_completeOfTheOldClaim_storesNothing() {
        IdempotencyRecord stale = claim(ACME, "key-3", "claim-old", NOW);
        store.claim(stale);
        IdempotencyRecord fresh = claim(ACME, "key-3", "claim-new", NOW.plusSeconds(700));

        assertThat(store.takeOver(stale, fresh)).isEqualTo(Write.APPLIED);
        assertThat(store.takeOver(stale, claim(ACME, "key-3", "claim-late", NOW.plusSeconds(701))))
                .isEqualTo(Write.LOST);
        assertThat(store.complete(ACME, "key-3", "claim-old", ANSWER)).isEqualTo(Write.LOST);
        assertThat(store.find(ACME, "key-3")).contains(fresh);
    }

    @Test
    void givenClaim_releaseByItsHolder_freesTheKey() {
        store.claim(claim(ACME, "key-4", "claim-1", NOW));
        store.release(ACME, "key-4", "claim-other");
        assertThat(store.find(ACME, "key-4")).isPresent();

        store.release(ACME, "key-4", "claim-1");

        assertThat(store.find(ACME, "key-4")).isEmpty();
        assertThat(store.claim(claim(ACME, "key-4", "claim-2", NOW))).isInstanceOf(Claimed.class);
    }

    @Test
    void givenCompletedKey_release_keepsTheAnswer() {
        store.claim(claim(ACME, "key-5", "claim-1", NOW));
        store.complete(ACME, "key-5", "claim-1", ANSWER);

        store.release(ACME, "key-5", "claim-1");

        assertThat(store.find(ACME, "key-5").orElseThrow().response()).contains(ANSWER);
    }

    @Test
    void givenExpiredAndLiveKeys_purgeExpired_deletesOnlyTheExpired() {
        store.claim(claim(ACME, "old", "claim-1", NOW.minus(Duration.ofHours(25))));
        store.claim(claim(GLOBEX, "old", "claim-2", NOW.minus(Duration.ofHours(24))));
        store.claim(claim(ACME, "new", "claim-3", NOW.minus(Duration.ofHours(1))));

        assertThat(store.purgeExpired(NOW)).isEqualTo(2);

        assertThat(store.find(ACME, "old")).isEmpty();
        assertThat(store.find(GLOBEX, "old")).isEmpty();
        assertThat(store.find(ACME, "new")).isPresent();
    }

    @Test
    void givenManyConcurrentClaimsOfOneKey_exactlyOneSucceeds() throws Exception {
        List<ClaimOutcome> results = Race.of(20, () -> store.claim(claim(ACME, "raced",
                "claim-" + Thread.currentThread().getId(), NOW)));

        IdempotencyRecord winner = store.find(ACME, "raced").orElseThrow();
        assertThat(results).containsOnlyOnce(new Claimed(winner));
        assertThat(results).filteredOn(outcome -> !(outcome instanceof Claimed))
                .allSatisfy(outcome -> assertThat(outcome).isIn(new Occupied(winner), new Vacated()));
    }
}
