package io.promptengine.application.service;

import static io.promptengine.application.service.App.acme;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.promptengine.application.model.CacheStatus;
import io.promptengine.application.port.in.CallEndpointCommand;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.ExecutePromptCommand;
import io.promptengine.application.port.in.ExecutionResult;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.error.DeadlineExceededException;
import io.promptengine.domain.error.ExecutionFailedException;
import io.promptengine.domain.error.UpstreamException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.execution.ExecutionStatus;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.tenant.Scope;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Identical cache misses in flight together: the fake provider holds the leader's call until the test releases
 * it, and the test releases it only once the others are seen waiting ({@link ResponseCaching#waiting}).
 */
class ResponseCachingSingleFlightTest {

    private static final Duration TTL = Duration.ofMinutes(5);
    /** Generous: only a broken test waits this long. */
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final App app = new App(TTL);
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        app.provider.release();
        threads.shutdownNow();
    }

    @Test
    void givenIdenticalMissesInFlight_oneModelCall_andTheWaitersAreHitsOfTheirOwn() throws Exception {
        app.provider.answer("Hello!", new Usage(8, 2)).hold();
        Future<ExecutionResult> leader = async(() -> app.executePrompt.execute(execute(acme(), false)));
        assertThat(app.provider.awaitCallInFlight(PATIENCE)).isTrue();
        List<Future<ExecutionResult>> waiters = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            waiters.add(async(() -> app.executePrompt.execute(execute(acme(), false))));
        }
        awaitUntil("4 waiting", () -> app.caching.waiting() == 4);

        app.provider.release();

        assertThat(done(leader).cache()).contains(CacheStatus.MISS);
        assertThat(app.provider.calls()).isEqualTo(1);
        List<Execution> hits = new ArrayList<>();
        for (Future<ExecutionResult> waiter : waiters) {
            ExecutionResult result = done(waiter);
            assertThat(result.cache()).contains(CacheStatus.HIT);
            hits.add(result.execution());
        }
        assertThat(hits).extracting(Execution::id).doesNotHaveDuplicates()
                .doesNotContain(done(leader).execution().id());
        assertThat(hits).allSatisfy(hit -> {
            assertThat(hit.cacheHit()).isTrue();
            assertThat(hit.status()).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(hit.output().orElseThrow().text()).isEqualTo("Hello!");
            assertThat(hit.usage()).isEqualTo(Usage.NONE);
            assertThat(hit.cost()).contains(BigDecimal.ZERO);
            assertThat(app.executions.find(hit.id())).contains(hit);
        });
        assertThat(app.caching.waiting()).isZero();
    }

    @Test
    void givenLeaderFails_theWaitersDoNotShareItsError_oneCallsAgainAndTheOthersAreItsHits() throws Exception {
        app.provider.failWith(new UpstreamException("provider down")).hold();
        Future<ExecutionResult> leader = async(() -> app.executePrompt.execute(execute(acme(), false)));
        assertThat(app.provider.awaitCallInFlight(PATIENCE)).isTrue();
        List<Future<ExecutionResult>> waiters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiters.add(async(() -> app.executePrompt.execute(execute(acme(), false))));
        }
        awaitUntil("3 waiting", () -> app.caching.waiting() == 3);
        app.provider.answer("back again", Usage.NONE);

        app.provider.release();

        assertThatThrownBy(() -> done(leader)).hasCauseInstanceOf(ExecutionFailedException.class)
                .hasRootCauseInstanceOf(UpstreamException.class);
        List<CacheStatus> statuses = new ArrayList<>();
        for (Future<ExecutionResult> waiter : waiters) {
            ExecutionResult result = done(waiter);
            assertThat(result.execution().output().orElseThrow().text()).isEqualTo("back again");
            statuses.add(result.cache().orElseThrow());
        }
        assertThat(statuses).containsExactlyInAnyOrder(CacheStatus.MISS, CacheStatus.HIT, CacheStatus.HIT);
        assertThat(app.provider.calls()).isEqualTo(2);
    }

    @Test
    void givenLeadersAnswerIsTruncated_eachWaiterCallsTheModelItself() throws Exception {
        app.provider.answerWith(request -> new ModelResponse("cut sho", Usage.NONE, FinishReason.LENGTH)).hold();
        Future<ExecutionResult> leader = async(() -> app.executePrompt.execute(execute(acme(), false)));
        assertThat(app.provider.awaitCallInFlight(PATIENCE)).isTrue();
        List<Future<ExecutionResult>> waiters = List.of(
                async(() -> app.executePrompt.execute(execute(acme(), false))),
                async(() -> app.executePrompt.execute(execute(acme(), false))));
        awaitUntil("2 waiting", () -> app.caching.waiting() == 2);

        app.provider.release();

        assertThat(done(leader).cache()).contains(CacheStatus.MISS);
        for (Future<ExecutionResult> waiter : waiters) {
            assertThat(done(waiter).cache()).contains(CacheStatus.MISS);
            assertThat(done(waiter).execution().cacheHit()).isFalse();
        }
        assertThat(app.provider.calls()).isEqualTo(3);
        assertThat(app.cache.puts()).isZero();
    }

    @Test
    void givenWaiterWhoseDeadlinePasses_itTimesOutAlone_whileTheLeaderGoesOn() throws Exception {
        Catalog catalog = new Catalog(app);
        Endpoint e = catalog.endpoint;
        app.endpoints.update(new Endpoint(e.id(), e.tenantId(), e.path(), e.description(), e.inputSchema(),
                e.outputSchema(), e.defaultPrompt(), Duration.ofSeconds(1), TTL, e.createdAt(), e.updatedAt()));
        app.provider.hold();
        Future<ExecutionResult> leader = async(() -> app.callEndpoint.call(call()));
        assertThat(app.provider.awaitCallInFlight(PATIENCE)).isTrue();

        Future<ExecutionResult> waiter = async(() -> app.callEndpoint.call(call()));

        ExecutionException failed = catchThrowableOfType(() -> done(waiter), ExecutionException.class);
        assertThat(failed).as("the waiter's own timeout").isNotNull()
                .hasCauseInstanceOf(ExecutionFailedException.class)
                .hasRootCauseInstanceOf(DeadlineExceededException.class);
        ExecutionId recorded = new ExecutionId(((ExecutionFailedException) failed.getCause()).executionId());
        Execution timedOut = app.executions.find(recorded).orElseThrow();
        assertThat(timedOut.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
        assertThat(timedOut.usage()).isEqualTo(Usage.NONE);
        assertThat(leader.isDone()).as("the leader is still held").isFalse();
        app.provider.release();
        assertThat(done(leader).cache()).contains(CacheStatus.MISS);
        assertThat(app.provider.calls()).isEqualTo(1);
    }

    @Test
    void givenIdenticalCallInFlight_bypass_neverWaits() throws Exception {
        app.provider.hold();
        Future<ExecutionResult> leader = async(() -> app.executePrompt.execute(execute(acme(), false)));
        assertThat(app.provider.awaitCallInFlight(PATIENCE)).isTrue();

        Future<ExecutionResult> bypass = async(() -> app.executePrompt.execute(execute(acme(), true)));

        awaitUntil("the bypass calls the model", () -> app.provider.calls() == 2);
        assertThat(app.caching.waiting()).isZero();
        app.provider.release();
        assertThat(done(bypass).cache()).contains(CacheStatus.BYPASS);
        assertThat(done(leader).cache()).contains(CacheStatus.MISS);
    }

    @Test
    void givenSameRequestOfAnotherTenantInFlight_itCallsTheModelItself() throws Exception {
        app.provider.hold();
        Future<ExecutionResult> acmes = async(() -> app.executePrompt.execute(execute(acme(), false)));
        assertThat(app.provider.awaitCallInFlight(PATIENCE)).isTrue();

        Future<ExecutionResult> globexs = async(() -> app.executePrompt.execute(
                execute(App.caller(App.GLOBEX, Scope.EXECUTE), false)));

        awaitUntil("globex calls the model", () -> app.provider.calls() == 2);
        assertThat(app.caching.waiting()).isZero();
        app.provider.release();
        assertThat(done(acmes).cache()).contains(CacheStatus.MISS);
        assertThat(done(globexs).cache()).contains(CacheStatus.MISS);
    }

    private Future<ExecutionResult> async(Supplier<ExecutionResult> work) {
        return threads.submit(work::get);
    }

    private static ExecutionResult done(Future<ExecutionResult> future)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        return future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void awaitUntil(String what, BooleanSupplier condition) throws InterruptedException {
        long giveUp = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > giveUp) {
                throw new AssertionError("not within " + PATIENCE + ": " + what);
            }
            Thread.sleep(5);
        }
    }

    private static ExecutePromptCommand execute(Caller caller, boolean bypass) {
        return new ExecutePromptCommand(caller, "echo", "Say hello", ModelParameters.DEFAULTS, "req_1",
                Optional.empty(), bypass);
    }

    private static CallEndpointCommand call() {
        return new CallEndpointCommand(acme(), Optional.empty(), Catalog.PATH, Optional.empty(), Catalog.TEXT,
                "req_1", false, Optional.empty());
    }
}
