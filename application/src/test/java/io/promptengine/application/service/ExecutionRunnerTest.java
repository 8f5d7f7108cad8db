package io.promptengine.application.service;

import static io.promptengine.application.service.App.ACME;
import static io.promptengine.application.service.App.acme;
import static io.promptengine.application.service.App.command;
import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.domain.error.DeadlineExceededException;
import io.promptengine.domain.error.UpstreamException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionError;
import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.execution.ExecutionStatus;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ExecutionRunnerTest {

    private final App app = new App();

    @Test
    void givenQueuedExecution_work_completesItAndStoresTheAnswer() {
        Execution queued = app.executePrompt.submit(command(acme(), "echo"));

        app.runQueued();

        Execution stored = stored(queued.id());
        assertThat(stored.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(stored.output().orElseThrow().text()).isEqualTo("Say hello");
        assertThat(stored.usage()).isEqualTo(new Usage(10, 5));
    }

    @Test
    void givenCancelledExecution_work_skipsItWithoutCallingTheModel() {
        Execution queued = app.executePrompt.submit(command(acme(), "echo"));
        Execution cancelled = app.cancelExecution.cancel(acme(), queued.id().value());

        app.runQueued();

        assertThat(app.provider.calls()).isZero();
        assertThat(stored(queued.id())).isEqualTo(cancelled);
    }

    @Test
    void givenUnknownExecution_work_doesNothing() {
        app.runQueued();

        assertThat(app.provider.calls()).isZero();
        assertThat(app.executions.all()).isEmpty();
    }

    @Test
    void givenExecutionAlreadyRun_workAgain_doesNotCallTheModelTwice() {
        Execution queued = app.executePrompt.submit(command(acme(), "echo"));
        app.runQueued();
        Execution completed = stored(queued.id());

        app.runQueued();

        assertThat(app.provider.calls()).isEqualTo(1);
        assertThat(stored(queued.id())).isEqualTo(completed);
    }

    @Test
    void givenLeaseTakenOverWhileTheModelRan_work_dropsTheLateAnswerOfTheOldAttempt() {
        Execution queued = app.executePrompt.submit(command(acme(), "echo"));
        Execution first = app.queueWorker.claim("worker-stalled", 1).get(0);
        AtomicBoolean stalled = new AtomicBoolean(true);
        app.provider.answerWith(request -> {
            if (!stalled.getAndSet(false)) {
                return new ModelResponse("second attempt", new Usage(1, 1), FinishReason.STOP);
            }
            // the first worker stalls past its lease: another takes the execution over and finishes it
            app.clock.advance(App.LEASE.plusSeconds(1));
            app.queueWorker.reclaimExpired();
            app.runQueued();
            return new ModelResponse("too late", new Usage(50, 50), FinishReason.STOP);
        });

        app.queueWorker.work(first);

        Execution stored = stored(queued.id());
        assertThat(stored.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(stored.attempts()).isEqualTo(2);
        assertThat(stored.output().orElseThrow().text()).isEqualTo("second attempt");
        assertThat(app.provider.calls()).isEqualTo(2);
    }

    @Test
    void givenCancelDuringTheModelCall_work_dropsTheLateAnswer() {
        Execution queued = app.executePrompt.submit(command(acme(), "echo"));
        app.provider.answerWith(request -> {
            app.cancelExecution.cancel(acme(), queued.id().value());
            return new ModelResponse("too late", new Usage(50, 50), FinishReason.STOP);
        });

        app.runQueued();

        Execution stored = stored(queued.id());
        assertThat(stored.status()).isEqualTo(ExecutionStatus.CANCELLED);
        assertThat(stored.output()).isEmpty();
        assertThat(stored.usage()).isEqualTo(Usage.NONE);
        assertThat(app.workers.interrupted()).containsExactly(queued.id());
    }

    @Test
    void givenUpstreamFailure_work_storesFailedWithoutThrowing() {
        Execution queued = app.executePrompt.submit(command(acme(), "echo"));
        app.provider.failWith(new UpstreamException("Provider 'fake' answered 502"));

        app.runQueued();

        assertThat(stored(queued.id()).error()).contains(
                new ExecutionError("upstream_error", "Provider 'fake' answered 502"));
    }

    @Test
    void givenDeadlineExceeded_work_storesTimedOut() {
        Execution queued = app.executePrompt.submit(command(acme(), "echo"));
        app.provider.failWith(new DeadlineExceededException("No answer within 60 s"));

        app.runQueued();

        assertThat(stored(queued.id()).status()).isEqualTo(ExecutionStatus.TIMED_OUT);
    }

    @Test
    void givenUnexpectedException_work_storesInternalErrorWithoutThrowing() {
        Execution queued = app.executePrompt.submit(command(acme(), "echo"));
        app.provider.failWith(new ArithmeticException("/ by zero"));

        app.runQueued();

        Execution stored = stored(queued.id());
        assertThat(stored.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(stored.error().orElseThrow().code()).isEqualTo("internal_error");
    }

    @Test
    void givenQueuedExecution_work_routesTheModelAgainOnTheInstanceThatRunsIt() {
        app.executePrompt.submit(command(acme(), "echo"));
        assertThat(app.router.routings("echo")).isEqualTo(1);

        app.runQueued();

        assertThat(app.router.routings("echo")).isEqualTo(2);
        assertThat(app.provider.calls()).isEqualTo(1);
    }

    @Test
    void givenModelNoLongerRoutable_work_storesFailedOnModel() {
        Execution queued = app.executePrompt.submit(command(acme(), "echo"));
        app.router.unregister(app.provider);

        app.runQueued();

        Execution stored = stored(queued.id());
        assertThat(stored.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(stored.error().orElseThrow().code()).isEqualTo("validation_error");
        assertThat(app.provider.calls()).isZero();
    }

    @Test
    void givenTimeSpentInTheCall_work_recordsStartAndEndTimes() {
        Execution queued = app.executePrompt.submit(command(acme(), "echo"));
        app.provider.answerWith(request -> {
            app.clock.advance(Duration.ofMillis(1_500));
            return new ModelResponse("done", Usage.NONE, FinishReason.STOP);
        });

        app.runQueued();

        Execution stored = stored(queued.id());
        assertThat(stored.startedAt()).contains(queued.createdAt());
        assertThat(stored.latency()).contains(Duration.ofMillis(1_500));
    }

    private Execution stored(ExecutionId id) {
        return app.executions.find(ACME, id).orElseThrow();
    }
}
