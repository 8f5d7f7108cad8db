package io.promptengine.application.service;

import static io.promptengine.application.service.App.ACME;
import static io.promptengine.application.service.App.acme;
import static io.promptengine.application.service.App.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.application.fakes.FakeClock;
import io.promptengine.application.fakes.InMemoryExecutionStore;
import io.promptengine.application.fakes.InMemoryIdempotencyStore;
import io.promptengine.application.fakes.InMemoryInstanceRegistry;
import io.promptengine.application.fakes.RecordingMetrics.Lookup;
import io.promptengine.application.fakes.RecordingMetrics.Refusal;
import io.promptengine.application.fakes.RecordingMetrics;
import io.promptengine.application.model.CacheStatus;
import io.promptengine.application.model.StoredResponse;
import io.promptengine.application.port.in.ExecutePromptCommand;
import io.promptengine.application.port.in.IdempotencyUseCase.Claim;
import io.promptengine.domain.error.ErrorKind;
import io.promptengine.domain.error.ExecutionFailedException;
import io.promptengine.domain.error.UpstreamException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionStatus;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.ratelimit.LimitExceededException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the services tell the {@code Metrics} port: each ended execution once, cache lookups, replays, refusals. */
class MetricsReportingTest {

    private static final Duration TTL = Duration.ofMinutes(5);

    @Test
    void givenSyncExecutions_execute_reportsEachEndOnceAndEachLookup() {
        App app = new App(TTL);
        app.provider.answer("Hello!", new Usage(8, 2));

        Execution first = app.executePrompt.execute(execute("Say hello", false)).execution();
        Execution hit = app.executePrompt.execute(execute("Say hello", false)).execution();
        Execution fresh = app.executePrompt.execute(execute("Say hello", true)).execution();

        assertThat(app.metrics.ended()).containsExactly(first, hit, fresh);
        assertThat(app.metrics.lookups()).containsExactly(new Lookup(Surface.EXECUTE_API, CacheStatus.MISS),
                new Lookup(Surface.EXECUTE_API, CacheStatus.HIT), new Lookup(Surface.EXECUTE_API, CacheStatus.BYPASS));
    }

    @Test
    void givenFailedCall_execute_reportsTheFailedExecutionAndItsMiss() {
        App app = new App(TTL);
        app.provider.failWith(new UpstreamException("down"));

        assertThatThrownBy(() -> app.executePrompt.execute(execute("Say hello", false)))
                .isInstanceOf(ExecutionFailedException.class);

        assertThat(app.metrics.ended()).singleElement()
                .satisfies(ended -> assertThat(ended.status()).isEqualTo(ExecutionStatus.FAILED));
        assertThat(app.metrics.lookups()).containsExactly(new Lookup(Surface.EXECUTE_API, CacheStatus.MISS));
    }

    @Test
    void givenCacheOff_execute_reportsTheEndAndNoLookup() {
        App app = new App();

        Execution done = app.executePrompt.execute(command(acme(), "echo")).execution();

        assertThat(app.metrics.ended()).containsExactly(done);
        assertThat(app.metrics.lookups()).isEmpty();
    }

    @Test
    void givenAsyncExecution_work_reportsItOnceItsFinishIsStored() {
        App app = new App();
        Execution queued = app.executePrompt.submit(command(acme(), "echo"));
        assertThat(app.metrics.ended()).isEmpty();

        app.runQueued();

        assertThat(app.metrics.ended()).singleElement().satisfies(ended -> {
            assertThat(ended.id()).isEqualTo(queued.id());
            assertThat(ended.status()).isEqualTo(ExecutionStatus.COMPLETED);
        });
    }

    @Test
    void givenAsyncExecutionCancelledWhileItRuns_reportsTheCancelOnceAndNotTheDroppedResult() {
        App app = new App();
        Execution queued = app.executePrompt.submit(command(acme(), "echo"));
        Execution claimed = app.queueWorker.claim(App.WORKER, 1).get(0);
        app.cancelExecution.cancel(acme(), queued.id().value());

        app.queueWorker.work(claimed);

        assertThat(app.metrics.ended()).as("the cancel, not the worker's dropped result").singleElement()
                .satisfies(ended -> assertThat(ended.status()).isEqualTo(ExecutionStatus.CANCELLED));
    }

    @Test
    void givenFreePlanUsedUp_admit_reportsTheRefusalByPlan() {
        App app = new App();
        for (int i = 0; i < 60; i++) {
            app.admission.admit(acme());
        }

        assertThatThrownBy(() -> app.admission.admit(acme())).isInstanceOf(LimitExceededException.class);

        assertThat(app.metrics.refusals()).containsExactly(new Refusal(ErrorKind.RATE_LIMITED, "free", ACME));
    }

    @Test
    void givenAnsweredKey_begin_reportsTheReplayOnly() {
        RecordingMetrics metrics = new RecordingMetrics();
        IdempotencyService service = new IdempotencyService(new InMemoryIdempotencyStore(),
                new InMemoryExecutionStore(), new InMemoryInstanceRegistry(), new FakeClock(),
                new IdempotencyService.Settings(Duration.ofHours(1), "pe-1", Duration.ofSeconds(30)), metrics);
        Claim claim = (Claim) service.begin(ACME, "k1", "body");
        assertThat(metrics.replays()).isEmpty();
        service.finish(claim, new StoredResponse(200, List.of(), "{}".getBytes(StandardCharsets.UTF_8)));

        service.begin(ACME, "k1", "body");

        assertThat(metrics.replays()).containsExactly(ACME);
    }

    private static ExecutePromptCommand execute(String input, boolean bypass) {
        return new ExecutePromptCommand(acme(), "echo", input, ModelParameters.DEFAULTS, "req_1", Optional.empty(),
                bypass);
    }
}
