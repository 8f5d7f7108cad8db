package io.promptengine.application.port.out;

import io.promptengine.application.model.ExecutionFilter;
import io.promptengine.domain.common.EndpointId;
import io.promptengine.domain.conversation.ConversationId;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionError;
import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.execution.ExecutionOutput;
import io.promptengine.domain.execution.ExecutionRequest;
import io.promptengine.domain.execution.ExecutionStatus;
import io.promptengine.domain.execution.ModelCalls;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.execution.TraceParent;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.schema.SchemaContract;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.TenantId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link ExecutionStore} does. Instants in these tests are whole microseconds, the finest precision a
 * store must keep; costs compare by value, since a database may return {@code 1.5} for {@code 1.50}.
 */
public abstract class ExecutionStoreContract {

    protected static final TenantId TENANT = new TenantId("ten_contract");
    protected static final TenantId OTHER_TENANT = new TenantId("ten_other");
    protected static final TraceParent TRACE =
            new TraceParent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    protected static final Instant T0 = Instant.parse("2025-03-01T10:15:30.123456Z");

    private ExecutionStore store;

    /** A new, empty store; called before each test. */
    protected abstract ExecutionStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    protected final ExecutionStore store() {
        return store;
    }

    @Test
    void givenCompletedExecution_find_returnsEveryField() {
        ExecutionRequest request = new ExecutionRequest(TENANT, new ApiKeyId("key_1"), Surface.PROMPT,
                Optional.of("pv_42"), "openai", "gpt-4o-mini", "{\"text\":\"Summarise me\"}",
                new ModelParameters(OptionalDouble.of(0.25), OptionalInt.of(512)), "req_abc",
                Optional.of("idem-1"), Optional.of(new EndpointId("ep_7")),
                Optional.of(new ConversationId("550e8400-e29b-41d4-a716-446655440000")),
                Optional.of("Please analyze this text"),
                Optional.of(new SchemaContract("{\"type\":\"object\",\"required\":[\"summary\"]}")))
                .withTraceParent(Optional.of(TRACE));
        Execution completed = Execution.queue(new ExecutionId("exec_full"), request, T0)
                .start(T0.plusMillis(3))
                .withModelCalls(new ModelCalls(4, Optional.of(new ExecutionError("upstream_error",
                        "OpenAI answered HTTP 500: The server had an error")), Optional.of("anthropic/claude-3-5-haiku")))
                .complete(new ExecutionOutput("{\"summary\":\"short\"}", Optional.of("{\"summary\":\"short\"}"),
                        FinishReason.LENGTH), new Usage(120, 30, 80, 20, 10), Optional.of(new BigDecimal("0.000123")),
                        T0.plusMillis(250));
        store.insert(completed);

        assertSameExecution(store.find(TENANT, completed.id()).orElseThrow(), completed);
        assertSameExecution(store.find(completed.id()).orElseThrow(), completed);
    }

    @Test
    void givenExecutionOfTracedRequest_find_keepsItsTraceParent() {
        Execution queued = Execution.queue(new ExecutionId("exec_traced"),
                queued("exec_traced", TENANT, T0).request().withTraceParent(Optional.of(TRACE)), T0);
        store.insert(queued);

        assertThat(store.find(queued.id()).orElseThrow().request().traceParent()).contains(TRACE);
    }

    @Test
    void givenQueuedExecution_find_keepsEveryEmptyOptional() {
        Execution queued = queued("exec_queued", TENANT, T0);
        store.insert(queued);

        Execution found = store.find(TENANT, queued.id()).orElseThrow();

        assertSameExecution(found, queued);
        assertThat(found.request().promptVersionId()).isEmpty();
        assertThat(found.request().idempotencyKey()).isEmpty();
        assertThat(found.request().endpointId()).isEmpty();
        assertThat(found.request().conversationId()).isEmpty();
        assertThat(found.request().message()).isEmpty();
        assertThat(found.request().outputSchema()).isEmpty();
        assertThat(found.request().traceParent()).isEmpty();
        assertThat(found.request().parameters()).isEqualTo(ModelParameters.DEFAULTS);
        assertThat(found.output()).isEmpty();
        assertThat(found.error()).isEmpty();
        assertThat(found.cost()).isEmpty();
        assertThat(found.startedAt()).isEmpty();
        assertThat(found.completedAt()).isEmpty();
        assertThat(found.modelCalls()).isEqualTo(ModelCalls.NONE);
    }

    @Test
    void givenFailedExecution_find_returnsTheErrorAndNoOutput() {
        Execution failed = queued("exec_failed", TENANT, T0).start(T0.plusMillis(1))
                .withModelCalls(new ModelCalls(3, Optional.of(new ExecutionError("upstream_error",
                        "The provider answered 503 three times")), Optional.empty()))
                .fail(new ExecutionError("upstream_error", "The provider answered 503 three times"),
                        new Usage(10, 0), T0.plusSeconds(2));
        store.insert(failed);

        Execution found = store.find(TENANT, failed.id()).orElseThrow();

        assertSameExecution(found, failed);
        assertThat(found.error()).contains(new ExecutionError("upstream_error",
                "The provider answered 503 three times"));
        assertThat(found.output()).isEmpty();
        assertThat(found.modelCalls().count()).isEqualTo(3);
    }

    @Test
    void givenTextOnlyOutput_find_hasNoJson() {
        Execution completed = queued("exec_text", TENANT, T0).start(T0)
                .complete(ExecutionOutput.text("plain answer", FinishReason.STOP), new Usage(3, 2),
                        Optional.empty(), T0.plusMillis(5));
        store.insert(completed);

        Execution found = store.find(TENANT, completed.id()).orElseThrow();

        assertThat(found.output()).contains(ExecutionOutput.text("plain answer", FinishReason.STOP));
        assertThat(found.cost()).isEmpty();
    }

    @Test
    void givenOtherTenantsExecution_find_isEmpty() {
        store.insert(queued("exec_foreign", OTHER_TENANT, T0));

        assertThat(store.find(TENANT, new ExecutionId("exec_foreign"))).isEmpty();
    }

    @Test
    void givenUnknownId_find_isEmpty() {
        assertThat(store.find(TENANT, new ExecutionId("exec_missing"))).isEmpty();
        assertThat(store.find(new ExecutionId("exec_missing"))).isEmpty();
    }

    @Test
    void givenExpectedStatus_update_isAppliedAndStored() {
        Execution queued = queued("exec_cas", TENANT, T0);
        store.insert(queued);
        Execution running = queued.start(T0.plusMillis(7));

        assertThat(store.update(running, ExecutionStatus.QUEUED)).isEqualTo(ExecutionStore.Write.APPLIED);
        assertSameExecution(store.find(queued.id()).orElseThrow(), running);

        Execution completed = running.complete(new ExecutionOutput("done", Optional.of("{\"ok\":true}"),
                FinishReason.STOP), new Usage(4, 5, 3, 1, 2), Optional.of(new BigDecimal("1.50")), T0.plusSeconds(1));
        assertThat(store.update(completed, ExecutionStatus.RUNNING)).isEqualTo(ExecutionStore.Write.APPLIED);
        assertSameExecution(store.find(TENANT, queued.id()).orElseThrow(), completed);
    }

    @Test
    void givenStatusMovedOn_update_isStaleAndChangesNothing() {
        Execution queued = queued("exec_stale", TENANT, T0);
        store.insert(queued);
        Execution cancelled = queued.cancel(T0.plusMillis(1));
        assertThat(store.update(cancelled, ExecutionStatus.QUEUED)).isEqualTo(ExecutionStore.Write.APPLIED);

        Execution lateStart = queued.start(T0.plusMillis(2));
        assertThat(store.update(lateStart, ExecutionStatus.QUEUED)).isEqualTo(ExecutionStore.Write.STALE);
        Execution lateAnswer = lateStart.complete(ExecutionOutput.text("too late", FinishReason.STOP),
                new Usage(1, 1), Optional.empty(), T0.plusMillis(3));
        assertThat(store.update(lateAnswer, ExecutionStatus.RUNNING)).isEqualTo(ExecutionStore.Write.STALE);

        assertSameExecution(store.find(queued.id()).orElseThrow(), cancelled);
    }

    @Test
    void givenNewerAttemptStored_updateReadFromTheOlderOne_isStale() {
        Execution queued = queued("exec_fence", TENANT, T0);
        store.insert(queued);
        Execution firstAttempt = queued.start(T0.plusMillis(1));
        assertThat(store.update(firstAttempt, ExecutionStatus.QUEUED)).isEqualTo(ExecutionStore.Write.APPLIED);
        // the first worker's lease expired and another instance now runs the execution as attempt 2
        Execution secondAttempt = new Execution(firstAttempt.id(), firstAttempt.request(), ExecutionStatus.RUNNING,
                Optional.empty(), Optional.empty(), Usage.NONE, Optional.empty(), false, 2, T0,
                Optional.of(T0.plusSeconds(40)), Optional.empty());
        assertThat(store.update(secondAttempt, ExecutionStatus.RUNNING)).isEqualTo(ExecutionStore.Write.APPLIED);

        Execution cancelReadEarlier = firstAttempt.cancel(T0.plusSeconds(41));

        assertThat(store.update(cancelReadEarlier, ExecutionStatus.RUNNING)).isEqualTo(ExecutionStore.Write.STALE);
        assertThat(store.find(queued.id()).orElseThrow().attempts()).isEqualTo(2);
        assertThat(store.update(secondAttempt.cancel(T0.plusSeconds(41)), ExecutionStatus.RUNNING))
                .isEqualTo(ExecutionStore.Write.APPLIED);
    }

    @Test
    void givenConcurrentUpdatesFromTheSameStatus_update_appliesExactlyOne() throws Exception {
        Execution queued = queued("exec_race", TENANT, T0);
        store.insert(queued);
        int racers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Future<ExecutionStore.Write>> writes = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                Execution running = queued.start(T0.plusMillis(i));
                writes.add(pool.submit(() -> {
                    start.await();
                    return store.update(running, ExecutionStatus.QUEUED);
                }));
            }
            start.countDown();
            List<ExecutionStore.Write> outcomes = new ArrayList<>();
            for (Future<ExecutionStore.Write> write : writes) {
                outcomes.add(write.get(10, TimeUnit.SECONDS));
            }

            assertThat(outcomes).containsOnlyOnce(ExecutionStore.Write.APPLIED);
            assertThat(store.find(queued.id()).orElseThrow().attempts()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void givenUnknownExecution_update_isStale() {
        Execution neverStored = queued("exec_ghost", TENANT, T0).start(T0);

        assertThat(store.update(neverStored, ExecutionStatus.QUEUED)).isEqualTo(ExecutionStore.Write.STALE);
        assertThat(store.find(neverStored.id())).isEmpty();
    }

    @Test
    void givenExecutions_list_isNewestFirst() {
        store.insert(queued("exec_a", TENANT, T0));
        store.insert(queued("exec_c", TENANT, T0.plusSeconds(2)));
        store.insert(queued("exec_b", TENANT, T0.plusSeconds(1)));

        ExecutionPage page = store.list(TENANT, ExecutionFilter.NONE, Optional.empty(), 10);

        assertThat(ids(page.items())).containsExactly("exec_c", "exec_b", "exec_a");
        assertThat(page.next()).isEmpty();
    }

    @Test
    void givenOtherTenantsExecutions_list_leavesThemOut() {
        store.insert(queued("exec_mine", TENANT, T0));
        store.insert(queued("exec_theirs", OTHER_TENANT, T0.plusSeconds(1)));

        ExecutionPage page = store.list(TENANT, ExecutionFilter.NONE, Optional.empty(), 10);

        assertThat(ids(page.items())).containsExactly("exec_mine");
    }

    @Test
    void givenExactlyLimitExecutions_list_hasNoNextPage() {
        store.insert(queued("exec_1", TENANT, T0));
        store.insert(queued("exec_2", TENANT, T0.plusSeconds(1)));

        ExecutionPage page = store.list(TENANT, ExecutionFilter.NONE, Optional.empty(), 2);

        assertThat(page.items()).hasSize(2);
        assertThat(page.next()).isEmpty();
    }

    @Test
    void givenMoreThanLimit_list_pointsCursorAtLastItemOfPage() {
        for (int i = 1; i <= 3; i++) {
            store.insert(queued("exec_" + i, TENANT, T0.plusSeconds(i)));
        }

        ExecutionPage first = store.list(TENANT, ExecutionFilter.NONE, Optional.empty(), 2);
        ExecutionPage second = store.list(TENANT, ExecutionFilter.NONE, first.next(), 2);

        assertThat(ids(first.items())).containsExactly("exec_3", "exec_2");
        assertThat(first.next()).contains(new PageCursor(T0.plusSeconds(2), new ExecutionId("exec_2")));
        assertThat(ids(second.items())).containsExactly("exec_1");
        assertThat(second.next()).isEmpty();
    }

    @Test
    void givenEqualTimestamps_cursorWalk_visitsEveryExecutionOnceNewestThenHighestIdFirst() {
        store.insert(queued("exec_newest", TENANT, T0.plusSeconds(5)));
        for (int i = 1; i <= 7; i++) {
            store.insert(queued("exec_tie" + i, TENANT, T0));
        }
        store.insert(queued("exec_oldest", TENANT, T0.minusSeconds(5)));

        List<String> walked = new ArrayList<>();
        Optional<PageCursor> cursor = Optional.empty();
        int pages = 0;
        do {
            ExecutionPage page = store.list(TENANT, ExecutionFilter.NONE, cursor, 3);
            walked.addAll(ids(page.items()));
            cursor = page.next();
            pages++;
        } while (cursor.isPresent() && pages < 10);

        assertThat(walked).containsExactly("exec_newest", "exec_tie7", "exec_tie6", "exec_tie5", "exec_tie4",
                "exec_tie3", "exec_tie2", "exec_tie1", "exec_oldest");
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void givenStatusFilter_list_returnsOnlyThatStatus() {
        Execution queued = queued("exec_q", TENANT, T0);
        store.insert(queued);
        store.insert(queued("exec_r", TENANT, T0.plusSeconds(1)).start(T0.plusSeconds(1)));

        ExecutionPage page = store.list(TENANT, filter(Optional.of(ExecutionStatus.RUNNING), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty()), Optional.empty(), 10);

        assertThat(ids(page.items())).containsExactly("exec_r");
    }

    @Test
    void givenModelAndSourceFilters_list_returnsOnlyMatchesOfBoth() {
        store.insert(queued("exec_match", TENANT, T0, "claude-sonnet-4", Surface.PROMPT));
        store.insert(queued("exec_other_model", TENANT, T0, "gpt-4o", Surface.PROMPT));
        store.insert(queued("exec_other_source", TENANT, T0, "claude-sonnet-4", Surface.EXECUTE_API));

        ExecutionPage page = store.list(TENANT, filter(Optional.empty(), Optional.of("claude-sonnet-4"),
                Optional.of(Surface.PROMPT), Optional.empty(), Optional.empty()), Optional.empty(), 10);

        assertThat(ids(page.items())).containsExactly("exec_match");
    }

    @Test
    void givenTimeRange_list_includesFromAndExcludesBefore() {
        store.insert(queued("exec_early", TENANT, T0.minusMillis(1)));
        store.insert(queued("exec_from", TENANT, T0));
        store.insert(queued("exec_inside", TENANT, T0.plusSeconds(30)));
        store.insert(queued("exec_before", TENANT, T0.plusSeconds(60)));

        ExecutionPage page = store.list(TENANT, filter(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(T0), Optional.of(T0.plusSeconds(60))), Optional.empty(), 10);

        assertThat(ids(page.items())).containsExactly("exec_inside", "exec_from");
    }

    @Test
    void givenFilterAndCursor_list_appliesBoth() {
        for (int i = 1; i <= 4; i++) {
            store.insert(queued("exec_gpt" + i, TENANT, T0.plusSeconds(i), "gpt-4o", Surface.EXECUTE_API));
            store.insert(queued("exec_claude" + i, TENANT, T0.plusSeconds(i), "claude-sonnet-4", Surface.EXECUTE_API));
        }
        ExecutionFilter gpt = filter(Optional.empty(), Optional.of("gpt-4o"), Optional.empty(), Optional.empty(),
                Optional.empty());

        ExecutionPage first = store.list(TENANT, gpt, Optional.empty(), 3);
        ExecutionPage second = store.list(TENANT, gpt, first.next(), 3);

        assertThat(ids(first.items())).containsExactly("exec_gpt4", "exec_gpt3", "exec_gpt2");
        assertThat(ids(second.items())).containsExactly("exec_gpt1");
        assertThat(second.next()).isEmpty();
    }

    @Test
    void givenMixedStatusesAndTenants_findByStatus_returnsThatStatusInIdOrder() {
        store.insert(queued("exec_q3", TENANT, T0));
        store.insert(queued("exec_q1", OTHER_TENANT, T0.plusSeconds(1)));
        store.insert(queued("exec_r1", TENANT, T0).start(T0));
        store.insert(queued("exec_q2", TENANT, T0.minusSeconds(1)));

        assertThat(ids(store.findByStatus(ExecutionStatus.QUEUED, Optional.empty(), 10)))
                .containsExactly("exec_q1", "exec_q2", "exec_q3");
        assertThat(ids(store.findByStatus(ExecutionStatus.RUNNING, Optional.empty(), 10)))
                .containsExactly("exec_r1");
        assertThat(store.findByStatus(ExecutionStatus.COMPLETED, Optional.empty(), 10)).isEmpty();
    }

    @Test
    void givenMoreThanLimit_findByStatusAfterLastId_walksInBatches() {
        for (int i = 1; i <= 5; i++) {
            store.insert(queued("exec_" + i, i % 2 == 0 ? TENANT : OTHER_TENANT, T0.plusSeconds(i)));
        }

        List<Execution> first = store.findByStatus(ExecutionStatus.QUEUED, Optional.empty(), 2);
        List<Execution> second = store.findByStatus(ExecutionStatus.QUEUED, Optional.of(first.get(1).id()), 2);
        List<Execution> third = store.findByStatus(ExecutionStatus.QUEUED, Optional.of(second.get(1).id()), 2);
        List<Execution> done = store.findByStatus(ExecutionStatus.QUEUED, Optional.of(third.get(0).id()), 2);

        assertThat(ids(first)).containsExactly("exec_1", "exec_2");
        assertThat(ids(second)).containsExactly("exec_3", "exec_4");
        assertThat(ids(third)).containsExactly("exec_5");
        assertThat(done).isEmpty();
    }

    @Test
    void givenExecutionsWithIdempotencyKeys_findByIdempotencyKey_returnsTheOldestOfThatKeyTenantAndTime() {
        store.insert(keyed("exec_before", TENANT, "order-1", T0.minusSeconds(1)));
        store.insert(keyed("exec_first", TENANT, "order-1", T0));
        store.insert(keyed("exec_second", TENANT, "order-1", T0.plusSeconds(5)));
        store.insert(keyed("exec_after", TENANT, "order-1", T0.plusSeconds(11)));
        store.insert(keyed("exec_other_key", TENANT, "order-2", T0.plusSeconds(1)));
        store.insert(keyed("exec_other_tenant", OTHER_TENANT, "order-3", T0.plusSeconds(1)));
        store.insert(queued("exec_no_key", TENANT, T0.plusSeconds(1)));

        assertThat(store.findByIdempotencyKey(TENANT, "order-1", T0, T0.plusSeconds(10)))
                .map(execution -> execution.id().value()).contains("exec_first");
        assertThat(store.findByIdempotencyKey(TENANT, "order-1", T0.plusSeconds(1), T0.plusSeconds(5)))
                .map(execution -> execution.id().value()).contains("exec_second");
        assertThat(store.findByIdempotencyKey(TENANT, "order-1", T0.plusSeconds(6), T0.plusSeconds(10))).isEmpty();
        assertThat(store.findByIdempotencyKey(TENANT, "order-3", T0, T0.plusSeconds(10))).isEmpty();
        assertThat(store.findByIdempotencyKey(OTHER_TENANT, "order-3", T0, T0.plusSeconds(10))).isPresent();
    }

    /** Equal field by field, with costs compared by value. */
    protected static void assertSameExecution(Execution actual, Execution expected) {
        assertThat(actual).usingRecursiveComparison()
                .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .isEqualTo(expected);
    }

    protected static Execution queued(String id, TenantId tenant, Instant createdAt) {
        return queued(id, tenant, createdAt, "echo", Surface.EXECUTE_API);
    }

    protected static Execution queued(String id, TenantId tenant, Instant createdAt, String model, Surface source) {
        ExecutionRequest request = new ExecutionRequest(tenant, new ApiKeyId("key_" + tenant.value()), source,
                Optional.empty(), "local", model, "Say hello", ModelParameters.DEFAULTS, "req_" + id,
                Optional.empty());
        return Execution.queue(new ExecutionId(id), request, createdAt);
    }

    private static Execution keyed(String id, TenantId tenant, String idempotencyKey, Instant createdAt) {
        ExecutionRequest request = new ExecutionRequest(tenant, new ApiKeyId("key_" + tenant.value()),
                Surface.EXECUTE_API, Optional.empty(), "local", "echo", "Say hello", ModelParameters.DEFAULTS,
                "req_" + id, Optional.of(idempotencyKey));
        return Execution.queue(new ExecutionId(id), request, createdAt);
    }

    private static ExecutionFilter filter(Optional<ExecutionStatus> status, Optional<String> model,
            Optional<Surface> source, Optional<Instant> from, Optional<Instant> before) {
        return new ExecutionFilter(status, model, source, from, before);
    }

    private static List<String> ids(List<Execution> executions) {
        return executions.stream().map(execution -> execution.id().value()).toList();
    }
}
