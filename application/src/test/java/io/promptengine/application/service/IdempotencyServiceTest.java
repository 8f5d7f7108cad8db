package io.promptengine.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.application.fakes.FakeClock;
import io.promptengine.application.fakes.InMemoryIdempotencyStore;
import io.promptengine.application.port.in.IdempotencyUseCase.Begin;
import io.promptengine.application.port.in.IdempotencyUseCase.Claim;
import io.promptengine.application.port.in.IdempotencyUseCase.Replay;
import io.promptengine.application.port.out.StoredResponse;
import io.promptengine.domain.error.ConflictException;
import io.promptengine.domain.error.IdempotencyMismatchException;
import io.promptengine.domain.tenant.TenantId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
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

    private final FakeClock clock = new FakeClock();
    private final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();
    private final IdempotencyService service = new IdempotencyService(store, clock, TTL);

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
    void givenClaimNeverAnswered_afterTheStaleTime_itIsTakenOverAndTheOldHolderCannotStoreItsAnswer() {
        Claim crashed = (Claim) service.begin(ACME, "k1", BODY_A);
        clock.advance(IdempotencyService.STALE_AFTER.minusSeconds(1));
        assertThatThrownBy(() -> service.begin(ACME, "k1", BODY_A)).isInstanceOf(ConflictException.class);

        clock.advance(Duration.ofSeconds(1));
        Claim taker = (Claim) service.begin(ACME, "k1", BODY_A);
        service.finish(crashed, new StoredResponse(502, List.of(), new byte[0]));
        service.finish(taker, OK);

        assertThat(service.begin(ACME, "k1", BODY_A)).isEqualTo(new Replay(OK));
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
