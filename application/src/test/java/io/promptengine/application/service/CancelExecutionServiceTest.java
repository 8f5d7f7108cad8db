package io.promptengine.application.service;

import static io.promptengine.application.service.App.ACME;
import static io.promptengine.application.service.App.GLOBEX;
import static io.promptengine.application.service.App.acme;
import static io.promptengine.application.service.App.caller;
import static io.promptengine.application.service.App.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.application.fakes.SampleExecutions;
import io.promptengine.domain.error.ConflictException;
import io.promptengine.domain.error.NotFoundException;
import io.promptengine.domain.error.PermissionDeniedException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionError;
import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.execution.ExecutionOutput;
import io.promptengine.domain.execution.ExecutionStatus;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import io.promptengine.domain.tenant.Scope;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CancelExecutionServiceTest {

    private final App app = new App();

    @Test
    void givenQueuedExecution_cancel_movesToCancelledAndTheModelIsNeverCalled() {
        Execution queued = app.executePrompt.submit(command(acme(), "echo"));
        app.clock.advance(Duration.ofSeconds(1));

        Execution cancelled = app.cancelExecution.cancel(acme(), queued.id().value());
        app.runQueued();

        assertThat(cancelled.status()).isEqualTo(ExecutionStatus.CANCELLED);
        assertThat(cancelled.completedAt()).contains(app.clock.now());
        assertThat(stored(queued.id())).isEqualTo(cancelled);
        assertThat(app.provider.calls()).isZero();
    }

    @Test
    void givenRunningExecution_cancel_movesToCancelledAndInterruptsItsWorker() {
        Execution running = SampleExecutions.running("exec_run", ACME, app.clock.now());
        app.executions.insert(running);

        Execution cancelled = app.cancelExecution.cancel(acme(), "exec_run");

        assertThat(cancelled.status()).isEqualTo(ExecutionStatus.CANCELLED);
        assertThat(stored(running.id())).isEqualTo(cancelled);
        assertThat(app.workers.interrupted()).containsExactly(running.id());
    }

    @Test
    void givenModelCallInFlightOnAWorkerThread_cancel_interruptsItAndTheCancelStands() throws Exception {
        Execution queued = app.executePrompt.submit(command(acme(), "echo"));
        app.provider.hold();
        Thread worker = new Thread(app::runQueued);
        worker.start();
        assertThat(app.provider.awaitCallInFlight(Duration.ofSeconds(5))).isTrue();

        Execution cancelled = app.cancelExecution.cancel(acme(), queued.id().value());
        worker.join(5_000);

        assertThat(worker.isAlive()).isFalse();
        assertThat(app.provider.interruptions()).isEqualTo(1);
        assertThat(stored(queued.id())).isEqualTo(cancelled);
    }

    @ParameterizedTest
    @EnumSource(names = {"COMPLETED", "FAILED", "CANCELLED", "TIMED_OUT"})
    void givenEndedExecution_cancel_isConflictAndChangesNothing(ExecutionStatus status) {
        Execution ended = ended(status);
        app.executions.insert(ended);

        assertThatThrownBy(() -> app.cancelExecution.cancel(acme(), ended.id().value()))
                .isInstanceOf(ConflictException.class)
                .hasMessage("Execution 'exec_end' has already ended: it is " + status.wireName());

        assertThat(stored(ended.id())).isEqualTo(ended);
        assertThat(app.workers.interrupted()).isEmpty();
    }

    @Test
    void givenAnotherTenantsExecution_cancel_isNotFoundAndChangesNothing() {
        Execution queued = app.executePrompt.submit(command(acme(), "echo"));

        assertThatThrownBy(() -> app.cancelExecution.cancel(caller(GLOBEX, Scope.EXECUTE), queued.id().value()))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("Execution '" + queued.id() + "' not found");

        assertThat(stored(queued.id())).isEqualTo(queued);
    }

    @Test
    void givenMalformedOrUnknownId_cancel_isNotFound() {
        assertThatThrownBy(() -> app.cancelExecution.cancel(acme(), "../../etc/passwd"))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> app.cancelExecution.cancel(acme(), "exec_nothing"))
                .isInstanceOf(NotFoundException.class).hasMessage("Execution 'exec_nothing' not found");
    }

    @Test
    void givenKeyWithoutExecuteScope_cancel_isForbidden() {
        Execution queued = app.executePrompt.submit(command(acme(), "echo"));

        assertThatThrownBy(() -> app.cancelExecution.cancel(caller(ACME, Scope.READ), queued.id().value()))
                .isInstanceOf(PermissionDeniedException.class);

        assertThat(stored(queued.id())).isEqualTo(queued);
    }

    @Test
    void givenWorkerStartsBetweenReadAndWrite_cancel_retriesAndCancelsTheRunningExecution() {
        Execution queued = app.executePrompt.submit(command(acme(), "echo"));
        Execution started = queued.start(app.clock.now());
        app.executions.beforeNextUpdate(() -> app.executions.update(started, ExecutionStatus.QUEUED));

        Execution cancelled = app.cancelExecution.cancel(acme(), queued.id().value());

        assertThat(cancelled.status()).isEqualTo(ExecutionStatus.CANCELLED);
        assertThat(cancelled.startedAt()).isEqualTo(started.startedAt());
        assertThat(stored(queued.id())).isEqualTo(cancelled);
        assertThat(app.workers.interrupted()).containsExactly(queued.id());
    }

    @Test
    void givenWorkerCompletesBetweenReadAndWrite_cancel_isConflictAndTheAnswerStands() {
        Execution running = SampleExecutions.running("exec_run", ACME, app.clock.now());
        app.executions.insert(running);
        Execution completed = running.complete(ExecutionOutput.text("done", FinishReason.STOP), Usage.NONE,
                Optional.empty(), app.clock.now());
        app.executions.beforeNextUpdate(() -> app.executions.update(completed, ExecutionStatus.RUNNING));

        assertThatThrownBy(() -> app.cancelExecution.cancel(acme(), "exec_run"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("completed");

        assertThat(stored(running.id())).isEqualTo(completed);
    }

    private Execution ended(ExecutionStatus status) {
        Execution running = SampleExecutions.running("exec_end", ACME, app.clock.now());
        ExecutionError error = new ExecutionError("upstream_error", "boom");
        return switch (status) {
            case COMPLETED -> running.complete(ExecutionOutput.text("ok", FinishReason.STOP), Usage.NONE,
                    Optional.empty(), app.clock.now());
            case FAILED -> running.fail(error, Usage.NONE, app.clock.now());
            case CANCELLED -> running.cancel(app.clock.now());
            case TIMED_OUT -> running.timeOut(error, app.clock.now());
            case QUEUED, RUNNING -> throw new IllegalArgumentException(status + " has not ended");
        };
    }

    private Execution stored(ExecutionId id) {
        return app.executions.find(ACME, id).orElseThrow();
    }
}
