package io.promptengine.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionError;
import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.execution.ExecutionOutput;
import io.promptengine.domain.execution.ExecutionStatus;
import io.promptengine.domain.execution.ModelCalls;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import io.promptengine.domain.tenant.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ExecutionQueue} does, over the {@link ExecutionStore} that holds its executions: claims that
 * never hand out one attempt twice, leases that expire unless renewed, and a fenced finish.
 */
public abstract class ExecutionQueueContract {

    protected static final TenantId TENANT = new TenantId("ten_queue");
    protected static final Instant T0 = Instant.parse("2025-03-01T10:15:30.123456Z");
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final ExecutionError EXHAUSTED = new ExecutionError("internal_error", "attempts used up");

    /** The store and the queue over the same executions. */
    public record Stores(ExecutionStore store, ExecutionQueue queue) {
    }

    private ExecutionStore store;
    private ExecutionQueue queue;

    /** New, empty stores; called before each test. */
    protected abstract Stores newStores();

    @BeforeEach
    void createStores() {
        Stores stores = newStores();
        store = stores.store();
        queue = stores.queue();
    }

    @Test
    void givenQueuedExecutions_claim_startsUpToLimitOldestIdFirstWithOneMoreAttempt() {
        queue("exec_3", "exec_1", "exec_2");

        List<Execution> claimed = queue.claim("worker-a", 2, T0.plusSeconds(1), LEASE);

        assertThat(ids(claimed)).containsExactly("exec_1", "exec_2");
        assertThat(claimed).allSatisfy(execution -> {
            assertThat(execution.status()).isEqualTo(ExecutionStatus.RUNNING);
            assertThat(execution.attempts()).isEqualTo(1);
            assertThat(execution.startedAt()).contains(T0.plusSeconds(1));
        });
        assertThat(store.find(new ExecutionId("exec_1")).orElseThrow().status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(store.find(new ExecutionId("exec_3")).orElseThrow().status()).isEqualTo(ExecutionStatus.QUEUED);
    }

    @Test
    void givenClaimedAndEndedExecutions_claim_leavesThemOut() {
        queue("exec_1", "exec_2");
        store.update(stored("exec_2").cancel(T0), ExecutionStatus.QUEUED);
        queue.claim("worker-a", 10, T0, LEASE);

        assertThat(queue.claim("worker-b", 10, T0, LEASE)).isEmpty();
    }

    @Test
    void givenConcurrentClaimers_claim_handsOutEveryExecutionExactlyOnce() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ids.add(String.format("exec_%03d", i));
        }
        queue(ids.toArray(String[]::new));

        List<List<String>> perClaimer = Race.of(8, () -> {
            List<String> mine = new ArrayList<>();
            for (int round = 0; round < 200; round++) {
                mine.addAll(ids(queue.claim("worker-" + Thread.currentThread().getId(), 7, T0, LEASE)));
            }
            return mine;
        });
        List<String> claimed = perClaimer.stream().flatMap(List::stream).toList();
        // a claimer that found every row locked by the others may come back empty; what is left goes to one more
        List<String> rest = ids(queue.claim("worker-last", 200, T0, LEASE));

        List<String> all = new ArrayList<>(claimed);
        all.addAll(rest);
        assertThat(all).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void givenHeldAttempt_finish_storesTheEnd() {
        Execution running = claimOne("exec_1");

        Execution completed = complete(running.withModelCalls(new ModelCalls(3,
                Optional.of(new ExecutionError("upstream_error", "overloaded")), Optional.of("fallback-model"))));
        assertThat(queue.finish(completed)).isEqualTo(ExecutionStore.Write.APPLIED);

        assertThat(stored("exec_1")).as("every outcome field, the model calls included").isEqualTo(completed);
        assertThat(stored("exec_1").attempts()).isEqualTo(1);
        assertThat(queue.reclaim(T0.plus(LEASE).plusSeconds(1), 3, EXHAUSTED, 10).total()).isZero();
    }

    @Test
    void givenCancelWhileRunning_finish_isStaleAndKeepsTheCancel() {
        Execution running = claimOne("exec_1");
        store.update(running.cancel(T0.plusSeconds(2)), ExecutionStatus.RUNNING);

        assertThat(queue.finish(complete(running))).isEqualTo(ExecutionStore.Write.STALE);

        assertThat(stored("exec_1").status()).isEqualTo(ExecutionStatus.CANCELLED);
    }

    @Test
    void givenNewerAttemptRunning_finishOfTheOlderAttempt_isStale() {
        Execution first = claimOne("exec_1");
        queue.reclaim(T0.plus(LEASE).plusSeconds(1), 3, EXHAUSTED, 10);
        Execution second = queue.claim("worker-b", 1, T0.plus(LEASE).plusSeconds(2), LEASE).get(0);

        assertThat(queue.finish(complete(first))).isEqualTo(ExecutionStore.Write.STALE);
        assertThat(stored("exec_1").status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(queue.finish(complete(second))).isEqualTo(ExecutionStore.Write.APPLIED);

        assertThat(stored("exec_1").attempts()).isEqualTo(2);
        assertThat(stored("exec_1").status()).isEqualTo(ExecutionStatus.COMPLETED);
    }

    @Test
    void givenExpiredLeaseUnderTheLimit_reclaim_queuesItForTheNextAttempt() {
        claimOne("exec_1");

        ExecutionQueue.Reclaimed reclaimed = queue.reclaim(T0.plus(LEASE).plusSeconds(1), 3, EXHAUSTED, 10);

        assertThat(reclaimed).isEqualTo(new ExecutionQueue.Reclaimed(1, 0));
        assertThat(stored("exec_1").status()).isEqualTo(ExecutionStatus.QUEUED);
        Execution again = queue.claim("worker-b", 1, T0.plus(LEASE).plusSeconds(2), LEASE).get(0);
        assertThat(again.attempts()).isEqualTo(2);
    }

    @Test
    void givenLeaseNotYetExpired_reclaim_leavesItRunning() {
        claimOne("exec_1");

        assertThat(queue.reclaim(T0.plus(LEASE).minusSeconds(1), 3, EXHAUSTED, 10).total()).isZero();

        assertThat(stored("exec_1").status()).isEqualTo(ExecutionStatus.RUNNING);
    }

    @Test
    void givenLastAttemptExpired_reclaim_failsItWithTheGivenError() {
        queue("exec_1");
        Instant now = T0;
        for (int attempt = 1; attempt <= 2; attempt++) {
            queue.claim("worker-a", 1, now, LEASE);
            now = now.plus(LEASE).plusSeconds(1);
            queue.reclaim(now, 2, EXHAUSTED, 10);
        }
        assertThat(stored("exec_1").status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(stored("exec_1").error()).contains(EXHAUSTED);
        assertThat(stored("exec_1").attempts()).isEqualTo(2);
        assertThat(stored("exec_1").completedAt()).contains(now);
        assertThat(queue.claim("worker-a", 1, now, LEASE)).isEmpty();
    }

    @Test
    void givenManyExpired_reclaim_takesAtMostLimit() {
        queue("exec_1", "exec_2", "exec_3");
        queue.claim("worker-a", 3, T0, LEASE);

        assertThat(queue.reclaim(T0.plus(LEASE).plusSeconds(1), 3, EXHAUSTED, 2).total()).isEqualTo(2);
        assertThat(queue.reclaim(T0.plus(LEASE).plusSeconds(1), 3, EXHAUSTED, 2).total()).isEqualTo(1);
    }

    @Test
    void givenRenewedLease_reclaimAtTheOldExpiry_leavesItRunning() {
        Execution running = claimOne("exec_1");

        Set<ExecutionId> lost = queue.renew("worker-a", Map.of(running.id(), 1), T0.plus(LEASE).plusSeconds(20));

        assertThat(lost).isEmpty();
        assertThat(queue.reclaim(T0.plus(LEASE).plusSeconds(1), 3, EXHAUSTED, 10).total()).isZero();
        assertThat(queue.reclaim(T0.plus(LEASE).plusSeconds(21), 3, EXHAUSTED, 10).requeued()).isEqualTo(1);
    }

    @Test
    void givenCancelledOrReclaimedOrForeign_renew_reportsThemLost() {
        queue("exec_1", "exec_2", "exec_3");
        queue.claim("worker-a", 2, T0, LEASE);
        queue.claim("worker-b", 1, T0, LEASE);
        store.update(stored("exec_1").cancel(T0.plusSeconds(1)), ExecutionStatus.RUNNING);

        Set<ExecutionId> lost = queue.renew("worker-a", Map.of(new ExecutionId("exec_1"), 1,
                new ExecutionId("exec_2"), 2, new ExecutionId("exec_3"), 1, new ExecutionId("exec_gone"), 1),
                T0.plusSeconds(60));

        assertThat(lost).extracting(ExecutionId::value)
                .containsExactlyInAnyOrder("exec_1", "exec_2", "exec_3", "exec_gone");
    }

    @Test
    void givenHeldExecutions_release_queuesThemAgainAndFencesTheOldAttemptOut() {
        queue("exec_1", "exec_2");
        List<Execution> claimed = queue.claim("worker-a", 2, T0, LEASE);

        int released = queue.release("worker-a", Map.of(claimed.get(0).id(), 1, claimed.get(1).id(), 7));

        assertThat(released).isEqualTo(1);
        assertThat(stored("exec_1").status()).isEqualTo(ExecutionStatus.QUEUED);
        assertThat(stored("exec_2").status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(queue.finish(complete(claimed.get(0)))).isEqualTo(ExecutionStore.Write.STALE);
        assertThat(queue.claim("worker-b", 5, T0, LEASE)).singleElement()
                .satisfies(again -> assertThat(again.attempts()).isEqualTo(2));
    }

    @Test
    void givenRunningExecutionStoredWithoutALease_reclaim_takesItBack() {
        store.insert(ExecutionStoreContract.queued("exec_1", TENANT, T0).start(T0));

        assertThat(queue.reclaim(T0.plusSeconds(1), 3, EXHAUSTED, 10).requeued()).isEqualTo(1);

        assertThat(stored("exec_1").status()).isEqualTo(ExecutionStatus.QUEUED);
    }

    private void queue(String... ids) {
        for (String id : ids) {
            store.insert(ExecutionStoreContract.queued(id, TENANT, T0));
        }
    }

    private Execution claimOne(String id) {
        queue(id);
        return queue.claim("worker-a", 1, T0, LEASE).get(0);
    }

    private Execution stored(String id) {
        return store.find(new ExecutionId(id)).orElseThrow();
    }

    private static Execution complete(Execution running) {
        return running.complete(ExecutionOutput.text("hello", FinishReason.STOP), new Usage(2, 1, 1, 0, 1),
                Optional.empty(), running.startedAt().orElseThrow().plusMillis(5));
    }

    private static List<String> ids(List<Execution> executions) {
        return executions.stream().map(execution -> execution.id().value()).toList();
    }
}
