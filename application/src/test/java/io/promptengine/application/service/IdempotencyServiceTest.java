package io.promptengine.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.application.fakes.FakeClock;
import io.promptengine.application.fakes.InMemoryExecutionStore;
import io.promptengine.application.fakes.InMemoryIdempotencyStore;
import io.promptengine.application.fakes.InMemoryInstanceRegistry;
import io.promptengine.application.fakes.SampleExecutions;
import io.promptengine.application.model.StoredResponse;
import io.promptengine.application.port.in.IdempotencyUseCase.Begin;
import io.promptengine.application.port.in.IdempotencyUseCase.Claim;
import io.promptengine.application.port.in.IdempotencyUseCase.Recorded;
import io.promptengine.application.port.in.IdempotencyUseCase.Replay;
import io.promptengine.application.port.out.IdempotencyRecord;
import io.promptengine.application.port.out.IdempotencyStore;
import io.promptengine.domain.error.ConflictException;
import io.promptengine.domain.error.IdempotencyMismatchException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.execution.ExecutionRequest;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.tenant.TenantId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class IdempotencyServiceTest {

    private static final TenantId ACME = App.ACME;
    private static final TenantId GLOBEX = App.GLOBEX;
    private static final Duration TTL = Duration.ofHours(24);
    private static final String BODY_A = "a".repeat(64);
    private static final String BODY_B = "b".repeat(64);
    private static final StoredResponse OK = new StoredResponse(200,
            List.of(new StoredResponse.Header("X-Execution-Id", "exec_1")),
            "{\"id\":\"exec_1\"}".getBytes(StandardCharsets.UTF_8));

    private static final Duration LIVENESS = Duration.ofSeconds(30);

    private final FakeClock clock = new FakeClock();
    private final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();
    private final InMemoryExecutionStore executions = new InMemoryExecutionStore();
    private final InMemoryInstanceRegistry instances = new InMemoryInstanceRegistry();
    /** This instance; {@link #other} shares its stores as a second instance on the same database would. */
    private final IdempotencyService service = instance("pe-1-this");
    private final IdempotencyService other = instance("pe-2-other");

    private IdempotencyService instance(String name) {
        return new IdempotencyService(store, executions, instances, clock,
                new IdempotencyService.Settings(TTL, name, LIVENESS));
    }

    @Test
    void givenAnsweredKey_sameRequest_replaysTheStoredResponse() {
        Claim claim = (Claim) service.begin(ACME, "k1", BODY_A);
        service.finish(claim, OK);

        Begin again = service.begin(ACME, "k1", BODY_A);

        assertThat(again).isEqualTo(new Replay(OK));
    }

    @Test
    void givenAnsweredKey_differentRequest_isAMismatch() {
        service.finish((Claim) service.begin(ACME, "k1", BODY_A), OK);

        assertThatThrownBy(() -> service.begin(ACME, "k1", BODY_B)).isInstanceOf(IdempotencyMismatchException.class)
                .hasMessageContaining("k1");
    }

    @Test
    void givenKeyInFlight_sameRequest_isAConflict() {
        service.begin(ACME, "k1", BODY_A);

        assertThatThrownBy(() -> service.begin(ACME, "k1", BODY_A)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("still in progress");
    }

    @Test
    void givenAbandonedKey_nextRequest_claimsItAfresh() {
        service.abandon((Claim) service.begin(ACME, "k1", BODY_A));

        assertThat(service.begin(ACME, "k1", BODY_B)).isInstanceOf(Claim.class);
    }

    @Test
    void givenSameKeyValue_twoTenants_areIndependent() {
        service.finish((Claim) service.begin(ACME, "shared", BODY_A), OK);

        assertThat(service.begin(GLOBEX, "shared", BODY_B)).isInstanceOf(Claim.class);
    }

    @Test
    void givenAnsweredKey_afterTheTtl_isFreeAgainAndPurged() {
        service.finish((Claim) service.begin(ACME, "k1", BODY_A), OK);
        clock.advance(TTL.minusSeconds(1));
        assertThat(service.begin(ACME, "k1", BODY_A)).isEqualTo(new Replay(OK));

        clock.advance(Duration.ofSeconds(1));

        assertThat(service.begin(ACME, "k1", BODY_B)).isInstanceOf(Claim.class);
        service.finish((Claim) service.begin(ACME, "k2", BODY_A), OK);
        clock.advance(TTL.plus(IdempotencyService.PURGE_INTERVAL));
        service.begin(ACME, "k3", BODY_A);
        assertThat(store.find(ACME, "k1")).isEmpty();
        assertThat(store.find(ACME, "k2")).isEmpty();
    }

    @Test
    void givenClaimOfAnInstanceStillBeating_sameRequestOnAnotherInstance_isAConflictUntilTheDeadline() {
        instances.heartbeat("pe-2-other", clock.now());
        Instant deadline = clock.now().plus(IdempotencyService.MAX_REQUEST_TIME);
        other.begin(ACME, "k1", BODY_A);
        while (clock.now().plusSeconds(10).isBefore(deadline)) {
            clock.advance(Duration.ofSeconds(10));
            instances.heartbeat("pe-2-other", clock.now());
            assertThatThrownBy(() -> service.begin(ACME, "k1", BODY_A)).isInstanceOf(ConflictException.class)
                    .hasMessageContaining("still in progress");
        }

        clock.advance(Duration.between(clock.now(), deadline));
        instances.heartbeat("pe-2-other", clock.now());
        assertThat(service.begin(ACME, "k1", BODY_A)).isInstanceOf(Claim.class);
    }

    @Test
    void givenClaimOfAnInstanceThatStoppedBeating_sameRequest_isAConflictForTheLivenessBoundThenTakesItOver() {
        instances.heartbeat("pe-2-other", clock.now());
        Claim killed = (Claim) other.begin(ACME, "k1", BODY_A);
        clock.advance(LIVENESS.minusMillis(1));
        assertThatThrownBy(() -> service.begin(ACME, "k1", BODY_A)).isInstanceOf(ConflictException.class);

        clock.advance(Duration.ofMillis(1));
        Claim retry = (Claim) service.begin(ACME, "k1", BODY_A);
        other.finish(killed, new StoredResponse(502, List.of(), new byte[0]));
        service.finish(retry, OK);

        assertThat(service.begin(ACME, "k1", BODY_A)).isEqualTo(new Replay(OK));
    }

    @Test
    void givenClaimOfAnEarlierProcessThatLeftNoHeartbeat_sameRequest_takesItOverAtOnce() {
        Claim beforeTheCrash = (Claim) other.begin(ACME, "k1", BODY_A);

        Begin afterTheRestart = service.begin(ACME, "k1", BODY_A);

        assertThat(afterTheRestart).isInstanceOf(Claim.class);
        assertThat(((Claim) afterTheRestart).claimId()).isNotEqualTo(beforeTheCrash.claimId());
    }

    @Test
    void givenClaimOfAnInstanceThatLeftCleanly_sameRequest_takesItOverAtOnce() {
        instances.heartbeat("pe-2-other", clock.now());
        other.begin(ACME, "k1", BODY_A);

        instances.leave("pe-2-other");

        assertThat(service.begin(ACME, "k1", BODY_A)).isInstanceOf(Claim.class);
    }

    @Test
    void givenClaimOfADeadInstance_differentRequest_isStillAMismatch() {
        other.begin(ACME, "k1", BODY_A);

        assertThatThrownBy(() -> service.begin(ACME, "k1", BODY_B)).isInstanceOf(IdempotencyMismatchException.class);
    }

    @Test
    void givenClaimOfThisInstanceThatNoRequestHere_holds_sameRequest_takesItOver() {
        Instant now = clock.now();
        store.claim(new IdempotencyRecord(ACME, "k1", BODY_A, "claim-whose-answer-was-not-stored",
                Optional.of("pe-1-this"), Optional.empty(), now, now.plus(Duration.ofMinutes(11)), now.plus(TTL)));

        assertThat(service.begin(ACME, "k1", BODY_A)).isInstanceOf(Claim.class);
    }

    @Test
    void givenClaimNamingNoInstance_madeBeforeClaimsNamedThem_isAConflictUntilItsDeadline() {
        Instant now = clock.now();
        store.claim(new IdempotencyRecord(ACME, "k1", BODY_A, "claim-old", Optional.empty(), Optional.empty(), now,
                now.plus(IdempotencyService.MAX_REQUEST_TIME), now.plus(TTL)));
        clock.advance(IdempotencyService.MAX_REQUEST_TIME.minusSeconds(1));
        assertThatThrownBy(() -> service.begin(ACME, "k1", BODY_A)).isInstanceOf(ConflictException.class);

        clock.advance(Duration.ofSeconds(1));

        assertThat(service.begin(ACME, "k1", BODY_A)).isInstanceOf(Claim.class);
    }

    @Test
    void givenDeadClaimWhoseRequestHadRecordedAnExecution_sameRequest_answersWithThatExecutionAndStoresTheAnswer() {
        other.begin(ACME, "k1", BODY_A);
        clock.advance(Duration.ofMillis(5));
        Execution recorded = keyed("exec_recorded", ACME, "k1", clock.now());
        executions.insert(recorded);
        executions.insert(keyed("exec_other_key", ACME, "k2", clock.now()));
        executions.insert(keyed("exec_other_tenant", GLOBEX, "k1", clock.now()));

        Begin retry = service.begin(ACME, "k1", BODY_A);

        assertThat(retry).isInstanceOf(Recorded.class);
        assertThat(((Recorded) retry).execution()).isEqualTo(recorded);
        service.finish(((Recorded) retry).claim(), OK);
        assertThat(service.begin(ACME, "k1", BODY_A)).isEqualTo(new Replay(OK));
    }

    @Test
    void givenDeadClaim_anExecutionOfTheSameKeyFromBeforeIt_isNotItsOwn() {
        Execution earlier = keyed("exec_earlier_use", ACME, "k1", clock.now().minusSeconds(1));
        executions.insert(earlier);
        other.begin(ACME, "k1", BODY_A);

        assertThat(service.begin(ACME, "k1", BODY_A)).isInstanceOf(Claim.class);
    }

    @Test
    void givenDeadClaim_twentyRetriesAtOnce_exactlyOneTakesItOverAndTheOthersConflict() throws Exception {
        other.begin(ACME, "k1", BODY_A);

        List<Object> outcomes = concurrently(20, () -> {
            try {
                return service.begin(ACME, "k1", BODY_A);
            } catch (ConflictException e) {
                return e;
            }
        });

        assertThat(outcomes).filteredOn(Claim.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(ConflictException.class::isInstance).hasSize(19);
    }

    @Test
    void givenKeyFreedBetweenTheInsertAndTheRead_begin_claimsItOnTheNextRound() {
        AtomicBoolean vacated = new AtomicBoolean();
        IdempotencyStore freeing = new InterceptedClaims(store,
                claim -> vacated.compareAndSet(false, true) ? new IdempotencyStore.Vacated() : store.claim(claim));
        IdempotencyService racing = new IdempotencyService(freeing, executions, instances, clock,
                new IdempotencyService.Settings(TTL, "pe-1-this", LIVENESS));

        Begin begin = racing.begin(ACME, "k1", BODY_A);

        assertThat(vacated).isTrue();
        assertThat(begin).isInstanceOfSatisfying(Claim.class,
                claim -> assertThat(store.find(ACME, "k1").orElseThrow().claimId()).isEqualTo(claim.claimId()));
    }

    @Test
    void givenRequestOfThisInstanceArrivingJustAfterAnotherStoredItsClaim_isAConflictNotATakeover() {
        AtomicReference<IdempotencyService> raced = new AtomicReference<>();
        AtomicReference<Object> second = new AtomicReference<>();
        IdempotencyStore racing = afterFirstClaim(store, () -> {
            try {
                second.set(raced.get().begin(ACME, "k1", BODY_A));
            } catch (ConflictException e) {
                second.set(e);
            }
        });
        raced.set(new IdempotencyService(racing, executions, instances, clock,
                new IdempotencyService.Settings(TTL, "pe-1-this", LIVENESS)));

        Begin first = raced.get().begin(ACME, "k1", BODY_A);

        assertThat(first).isInstanceOf(Claim.class);
        assertThat(second.get()).isInstanceOf(ConflictException.class);
    }

    @Test
    void givenClaimNeverAnswered_afterItsDeadline_itIsTakenOverAndTheOldHolderCannotStoreItsAnswer() {
        Claim stuck = (Claim) service.begin(ACME, "k1", BODY_A);
        clock.advance(IdempotencyService.MAX_REQUEST_TIME.minusSeconds(1));
        assertThatThrownBy(() -> service.begin(ACME, "k1", BODY_A)).isInstanceOf(ConflictException.class);

        clock.advance(Duration.ofSeconds(1));
        Claim taker = (Claim) service.begin(ACME, "k1", BODY_A);
        service.finish(stuck, new StoredResponse(502, List.of(), new byte[0]));
        service.finish(taker, OK);

        assertThat(service.begin(ACME, "k1", BODY_A)).isEqualTo(new Replay(OK));
    }

    /** The store, except that the first claim to succeed runs {@code racer} before it returns. */
    private static IdempotencyStore afterFirstClaim(IdempotencyStore store, Runnable racer) {
        AtomicBoolean raced = new AtomicBoolean();
        return new InterceptedClaims(store, claim -> {
            IdempotencyStore.ClaimOutcome outcome = store.claim(claim);
            if (outcome instanceof IdempotencyStore.Claimed && raced.compareAndSet(false, true)) {
                racer.run();
            }
            return outcome;
        });
    }

    /** The store, with its claims made by {@code claims}; every other operation goes straight to the store. */
    private static final class InterceptedClaims implements IdempotencyStore {

        private final IdempotencyStore store;
        private final Function<IdempotencyRecord, ClaimOutcome> claims;

        InterceptedClaims(IdempotencyStore store, Function<IdempotencyRecord, ClaimOutcome> claims) {
            this.store = store;
            this.claims = claims;
        }

        @Override
        public ClaimOutcome claim(IdempotencyRecord claim) {
            return claims.apply(claim);
        }

        @Override
        public Optional<IdempotencyRecord> find(TenantId tenant, String key) {
            return store.find(tenant, key);
        }

        @Override
        public Write takeOver(IdempotencyRecord current, IdempotencyRecord next) {
            return store.takeOver(current, next);
        }

        @Override
        public Write complete(TenantId tenant, String key, String claimId, StoredResponse response) {
            return store.complete(tenant, key, claimId, response);
        }

        @Override
        public void release(TenantId tenant, String key, String claimId) {
            store.release(tenant, key, claimId);
        }

        @Override
        public int purgeExpired(Instant now) {
            return store.purgeExpired(now);
        }
    }

    private static Execution keyed(String id, TenantId tenant, String key, Instant createdAt) {
        ExecutionRequest request = new ExecutionRequest(tenant, SampleExecutions.KEY, Surface.EXECUTE_API,
                Optional.empty(), "fake", "echo", "Say hello", ModelParameters.DEFAULTS, "req_" + id,
                Optional.of(key));
        return Execution.queue(new ExecutionId(id), request, createdAt);
    }

    @Test
    void givenTwentyConcurrentRequestsWithOneKey_exactlyOneClaimsAndTheOthersConflict() throws Exception {
        List<Object> outcomes = concurrently(20, () -> {
            try {
                return service.begin(ACME, "raced", BODY_A);
            } catch (ConflictException e) {
                return e;
            }
        });

        assertThat(outcomes).filteredOn(Claim.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(ConflictException.class::isInstance).hasSize(19);
    }

    private static List<Object> concurrently(int calls, Callable<Object> call) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(calls);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                futures.add(threads.submit(() -> {
                    go.await();
                    return call.call();
                }));
            }
            go.countDown();
            List<Object> results = new ArrayList<>();
            for (Future<Object> future : futures) {
                results.add(future.get(10, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }
}
