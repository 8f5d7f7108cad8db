package io.promptengine.application.port.out;

import static io.promptengine.application.fakes.SampleExecutions.completed;
import static io.promptengine.application.fakes.SampleExecutions.queued;
import static io.promptengine.application.fakes.SampleExecutions.running;
import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.application.fakes.SampleExecutions;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionError;
import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.execution.ExecutionOutput;
import io.promptengine.domain.execution.ExecutionRequest;
import io.promptengine.domain.execution.ExecutionStatus;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.tenant.TenantId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ExecutionStore} must do. Each adapter's test extends this and supplies an empty store;
 * instants are whole milliseconds so that a database's column precision cannot make a correct store fail.
 */
public abstract class ExecutionStoreContract {

    protected static final TenantId ACME = new TenantId("ten_acme");
    protected static final TenantId GLOBEX = new TenantId("ten_globex");
    protected static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

    private ExecutionStore store;

    /** A store with no executions in it. */
    protected abstract ExecutionStore emptyStore();

    @BeforeEach
    void setUpStore() {
        store = emptyStore();
    }

    @Test
    void givenInsertedExecution_find_returnsItForItsTenantOnly() {
        Execution execution = queued("exec_a", ACME, T0);

        store.insert(execution);

        assertThat(store.find(ACME, execution.id())).contains(execution);
        assertThat(store.find(GLOBEX, execution.id())).isEmpty();
        assertThat(store.find(execution.id())).contains(execution);
    }

    @Test
    void givenUnknownId_find_isEmpty() {
        assertThat(store.find(ACME, new ExecutionId("exec_missing"))).isEmpty();
        assertThat(store.find(new ExecutionId("exec_missing"))).isEmpty();
    }

    @Test
    void givenEveryFieldSet_storedExecution_readsBackEqual() {
        Execution queued = rich();
        store.insert(queued);
        Execution completed = new Execution(queued.id(), queued.request(), ExecutionStatus.COMPLETED,
                Optional.of(new ExecutionOutput("{\"a\":1}", Optional.of("{\"a\":1}"), FinishReason.LENGTH)),
                Optional.empty(), new Usage(120, 34), Optional.of(new BigDecimal("0.001250")), true, 2,
                queued.createdAt(), Optional.of(T0.plusMillis(5)), Optional.of(T0.plusMillis(900)));

        assertThat(store.find(ACME, queued.id())).contains(queued);
        assertThat(store.update(completed, ExecutionStatus.QUEUED)).isEqualTo(ExecutionStore.Write.APPLIED);
        assertThat(store.find(ACME, queued.id())).contains(completed);
    }

    @Test
    void givenEndedWithError_storedExecution_readsBackEqual() {
        Execution running = running("exec_a", ACME, T0);
        store.insert(running);
        Execution timedOut = running.timeOut(new ExecutionError("timeout", "No answer within 60 s"),
                T0.plusSeconds(60));

        store.update(timedOut, ExecutionStatus.RUNNING);

        assertThat(store.find(running.id())).contains(timedOut);
    }

    @Test
    void givenExpectedStatus_update_appliesTheNextState() {
        Execution queued = queued("exec_a", ACME, T0);
        store.insert(queued);
        Execution running = queued.start(T0.plusSeconds(1));

        ExecutionStore.Write write = store.update(running, ExecutionStatus.QUEUED);

        assertThat(write).isEqualTo(ExecutionStore.Write.APPLIED);
        assertThat(store.find(queued.id())).contains(running);
    }

    @Test
    void givenStatusChangedMeanwhile_update_isStaleAndWritesNothing() {
        Execution queued = queued("exec_a", ACME, T0);
        store.insert(queued);
        Execution cancelled = queued.cancel(T0.plusSeconds(1));
        store.update(cancelled, ExecutionStatus.QUEUED);

        ExecutionStore.Write write = store.update(queued.start(T0.plusSeconds(2)), ExecutionStatus.QUEUED);

        assertThat(write).isEqualTo(ExecutionStore.Write.STALE);
        assertThat(store.find(queued.id())).contains(cancelled);
    }

    @Test
    void givenUnknownExecution_update_isStale() {
        Execution neverStored = queued("exec_ghost", ACME, T0).start(T0);

        assertThat(store.update(neverStored, ExecutionStatus.QUEUED)).isEqualTo(ExecutionStore.Write.STALE);
        assertThat(store.find(neverStored.id())).isEmpty();
    }

    @Test
    void givenRacingWriters_update_appliesExactlyOne() throws Exception {
        Execution running = running("exec_race", ACME, T0);
        store.insert(running);
        int writers = 8;
        List<Callable<ExecutionStore.Write>> attempts = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            Instant end = T0.plusSeconds(1 + i);
            Execution ended = i % 2 == 0 ? running.cancel(end)
                    : running.fail(new ExecutionError("upstream_error", "late"), Usage.NONE, end);
            attempts.add(() -> store.update(ended, ExecutionStatus.RUNNING));
        }
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<ExecutionStore.Write> writes = new ArrayList<>();
            for (Future<ExecutionStore.Write> write : pool.invokeAll(attempts)) {
                writes.add(write.get());
            }

            assertThat(writes).filteredOn(ExecutionStore.Write.APPLIED::equals).hasSize(1);
            assertThat(store.find(running.id()).orElseThrow().status().isTerminal()).isTrue();
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void givenExecutions_list_isNewestFirstThenIdDescending() {
        store.insert(queued("exec_b", ACME, T0));
        store.insert(queued("exec_c", ACME, T0.plusSeconds(1)));
        store.insert(queued("exec_a", ACME, T0));
        store.insert(queued("exec_d", ACME, T0.minusSeconds(1)));

        ExecutionPage page = store.list(ACME, ExecutionFilter.NONE, Optional.empty(), 10);

        assertThat(ids(page)).containsExactly("exec_c", "exec_b", "exec_a", "exec_d");
        assertThat(page.next()).isEmpty();
    }

    @Test
    void givenMoreThanALimit_list_returnsTheLimitAndACursorAtItsLastItem() {
        for (int i = 1; i <= 5; i++) {
            store.insert(queued("exec_" + i, ACME, T0.plusSeconds(i)));
        }

        ExecutionPage page = store.list(ACME, ExecutionFilter.NONE, Optional.empty(), 2);

        assertThat(ids(page)).containsExactly("exec_5", "exec_4");
        assertThat(page.next()).contains(new PageCursor(T0.plusSeconds(4), new ExecutionId("exec_4")));
    }

    @Test
    void givenExactlyTheLimit_list_hasNoNextCursor() {
        store.insert(queued("exec_1", ACME, T0));
        store.insert(queued("exec_2", ACME, T0.plusSeconds(1)));

        assertThat(store.list(ACME, ExecutionFilter.NONE, Optional.empty(), 2).next()).isEmpty();
    }

    @Test
    void givenCursor_list_startsStrictlyAfterIt() {
        store.insert(queued("exec_x", ACME, T0));
        store.insert(queued("exec_y", ACME, T0));
        store.insert(queued("exec_z", ACME, T0));
        store.insert(queued("exec_w", ACME, T0.minusSeconds(1)));

        ExecutionPage page = store.list(ACME, ExecutionFilter.NONE,
                Optional.of(new PageCursor(T0, new ExecutionId("exec_y"))), 10);

        assertThat(ids(page)).containsExactly("exec_x", "exec_w");
    }

    @Test
    void givenManyEqualCreationTimes_walkingAllPages_seesEachExecutionOnceInOrder() {
        List<String> expected = new ArrayList<>();
        for (int second = 4; second >= 0; second--) {
            for (int n = 9; n >= 0; n--) {
                String id = "exec_" + second + "_" + n;
                store.insert(queued(id, ACME, T0.plusSeconds(second)));
                expected.add(id);
            }
        }

        List<String> seen = new ArrayList<>();
        Optional<PageCursor> cursor = Optional.empty();
        int pages = 0;
        do {
            ExecutionPage page = store.list(ACME, ExecutionFilter.NONE, cursor, 7);
            seen.addAll(ids(page));
            cursor = page.next();
            pages++;
        } while (cursor.isPresent() && pages < 100);

        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo(8);
    }

    @Test
    void givenTwoTenants_list_showsOnlyTheAskingTenants() {
        store.insert(queued("exec_acme", ACME, T0));
        store.insert(queued("exec_globex", GLOBEX, T0));

        assertThat(ids(store.list(ACME, ExecutionFilter.NONE, Optional.empty(), 10))).containsExactly("exec_acme");
        assertThat(ids(store.list(GLOBEX, ExecutionFilter.NONE, Optional.empty(), 10)))
                .containsExactly("exec_globex");
    }

    @Test
    void givenNoExecutions_list_isEmptyWithoutCursor() {
        ExecutionPage page = store.list(ACME, ExecutionFilter.NONE, Optional.empty(), 10);

        assertThat(page.items()).isEmpty();
        assertThat(page.next()).isEmpty();
    }

    @Test
    void givenStatusModelAndSourceFilters_list_keepsOnlyMatches() {
        store.insert(queued("exec_q", ACME, T0));
        store.insert(completed("exec_c", ACME, T0));
        store.insert(Execution.queue(new ExecutionId("exec_m"), SampleExecutions.request(ACME, "gpt-4o"), T0));
        store.insert(Execution.queue(new ExecutionId("exec_s"), endpointRequest(), T0));

        assertThat(ids(list(filter(Optional.of(ExecutionStatus.COMPLETED), Optional.empty(), Optional.empty()))))
                .containsExactly("exec_c");
        assertThat(ids(list(filter(Optional.empty(), Optional.of("gpt-4o"), Optional.empty()))))
                .containsExactly("exec_m");
        assertThat(ids(list(filter(Optional.empty(), Optional.empty(), Optional.of(Surface.ENDPOINT)))))
                .containsExactly("exec_s");
        assertThat(ids(list(filter(Optional.of(ExecutionStatus.QUEUED), Optional.of("echo"),
                Optional.of(Surface.EXECUTE_API))))).containsExactly("exec_q");
    }

    @Test
    void givenCreationWindow_list_includesItsStartAndExcludesItsEnd() {
        store.insert(queued("exec_before", ACME, T0.minusMillis(1)));
        store.insert(queued("exec_start", ACME, T0));
        store.insert(queued("exec_inside", ACME, T0.plusSeconds(30)));
        store.insert(queued("exec_end", ACME, T0.plusSeconds(60)));

        ExecutionFilter window = new ExecutionFilter(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(T0), Optional.of(T0.plusSeconds(60)));

        assertThat(ids(list(window))).containsExactly("exec_inside", "exec_start");
    }

    @Test
    void givenStatus_findByStatus_returnsEveryTenantsMatchesById() {
        store.insert(queued("exec_3", ACME, T0));
        store.insert(queued("exec_1", GLOBEX, T0.plusSeconds(5)));
        store.insert(running("exec_2", ACME, T0));
        store.insert(queued("exec_4", ACME, T0.minusSeconds(5)));

        assertThat(store.findByStatus(ExecutionStatus.QUEUED, Optional.empty(), 10))
                .extracting(e -> e.id().value()).containsExactly("exec_1", "exec_3", "exec_4");
        assertThat(store.findByStatus(ExecutionStatus.RUNNING, Optional.empty(), 10))
                .extracting(e -> e.id().value()).containsExactly("exec_2");
    }

    @Test
    void givenAfterIdAndLimit_findByStatus_returnsTheNextBatch() {
        for (int i = 1; i <= 5; i++) {
            store.insert(queued("exec_" + i, ACME, T0));
        }

        assertThat(store.findByStatus(ExecutionStatus.QUEUED, Optional.of(new ExecutionId("exec_2")), 2))
                .extracting(e -> e.id().value()).containsExactly("exec_3", "exec_4");
        assertThat(store.findByStatus(ExecutionStatus.QUEUED, Optional.of(new ExecutionId("exec_5")), 2)).isEmpty();
    }

    private ExecutionPage list(ExecutionFilter filter) {
        return store.list(ACME, filter, Optional.empty(), 10);
    }

    private static ExecutionFilter filter(Optional<ExecutionStatus> status, Optional<String> model,
            Optional<Surface> source) {
        return new ExecutionFilter(status, model, source, Optional.empty(), Optional.empty());
    }

    private static List<String> ids(ExecutionPage page) {
        return page.items().stream().map(e -> e.id().value()).toList();
    }

    private static ExecutionRequest endpointRequest() {
        return new ExecutionRequest(ACME, SampleExecutions.KEY, Surface.ENDPOINT, Optional.of("ver_1"), "fake",
                "echo", "{\"text\":\"hi\"}", ModelParameters.DEFAULTS, "req_2", Optional.empty());
    }

    /** An execution with every optional part of its request present. */
    private static Execution rich() {
        ExecutionRequest request = new ExecutionRequest(ACME, SampleExecutions.KEY, Surface.PROMPT,
                Optional.of("ver_42"), "openai", "openai/gpt-4o", "Summarise: ünïcödé ✓ \"quoted\"",
                new ModelParameters(OptionalDouble.of(0.25), OptionalInt.of(512)), "req_rich",
                Optional.of("idem-1"));
        return Execution.queue(new ExecutionId("exec_rich"), request, T0);
    }
}
