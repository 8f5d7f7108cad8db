package io.promptengine.application.service;

import static io.promptengine.application.service.App.ACME;
import static io.promptengine.application.service.App.GLOBEX;
import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.application.fakes.SampleExecutions;
import io.promptengine.application.port.in.RecoverExecutionsUseCase.Recovery;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionError;
import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.execution.ExecutionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecoveryServiceTest {

    private static final Instant BEFORE_RESTART = Instant.parse("2024-12-31T23:00:00Z");

    private final App app = new App();

    @Test
    void givenRunningExecution_recover_failsItWithTheInterruptionMessage() {
        app.executions.insert(SampleExecutions.running("exec_1", ACME, BEFORE_RESTART));

        Recovery recovery = app.recovery.recover();

        Execution stored = stored("exec_1");
        assertThat(recovery).isEqualTo(new Recovery(0, 1));
        assertThat(stored.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(stored.error()).contains(new ExecutionError("internal_error", RecoveryService.INTERRUPTED));
        assertThat(stored.completedAt()).contains(app.clock.now());
        assertThat(app.workers.submitted()).isEmpty();
        assertThat(app.provider.calls()).isZero();
    }

    @Test
    void givenQueuedExecution_recover_resubmitsItAndTheWorkerCompletesIt() {
        app.executions.insert(SampleExecutions.queued("exec_1", ACME, BEFORE_RESTART));

        Recovery recovery = app.recovery.recover();

        assertThat(recovery).isEqualTo(new Recovery(1, 0));
        assertThat(app.workers.pending()).containsExactly(new ExecutionId("exec_1"));
        assertThat(stored("exec_1").status()).isEqualTo(ExecutionStatus.QUEUED);

        app.workers.runAll();

        assertThat(stored("exec_1").status()).isEqualTo(ExecutionStatus.COMPLETED);
    }

    @Test
    void givenEndedExecutions_recover_leavesThemAlone() {
        Execution completed = SampleExecutions.completed("exec_done", ACME, BEFORE_RESTART);
        Execution cancelled = SampleExecutions.queued("exec_cancelled", ACME, BEFORE_RESTART)
                .cancel(BEFORE_RESTART.plusSeconds(1));
        app.executions.insert(completed);
        app.executions.insert(cancelled);

        assertThat(app.recovery.recover()).isEqualTo(new Recovery(0, 0));

        assertThat(app.executions.all()).containsExactlyInAnyOrder(completed, cancelled);
        assertThat(app.workers.submitted()).isEmpty();
    }

    @Test
    void givenMoreThanOneBatchOfEach_recover_handlesEveryExecutionOnce() {
        int each = 1_203;
        for (int i = 0; i < each; i++) {
            app.executions.insert(SampleExecutions.running(String.format("exec_r%05d", i), i % 2 == 0 ? ACME : GLOBEX,
                    BEFORE_RESTART));
            app.executions.insert(SampleExecutions.queued(String.format("exec_q%05d", i), ACME, BEFORE_RESTART));
        }

        Recovery recovery = app.recovery.recover();

        assertThat(recovery).isEqualTo(new Recovery(each, each));
        assertThat(app.executions.findByStatus(ExecutionStatus.RUNNING, Optional.empty(), 10)).isEmpty();
        assertThat(app.executions.all()).filteredOn(e -> e.status() == ExecutionStatus.FAILED).hasSize(each);
        List<ExecutionId> submitted = app.workers.submitted();
        assertThat(submitted).hasSize(each).doesNotHaveDuplicates()
                .allMatch(id -> id.value().startsWith("exec_q"));
    }

    @Test
    void givenRecoveryRanOnce_recoverAgain_findsNothingLeftToDo() {
        app.executions.insert(SampleExecutions.running("exec_1", ACME, BEFORE_RESTART));
        app.executions.insert(SampleExecutions.queued("exec_2", ACME, BEFORE_RESTART));
        app.recovery.recover();
        app.workers.runAll();
        app.clock.advance(Duration.ofMinutes(1));

        assertThat(app.recovery.recover()).isEqualTo(new Recovery(0, 0));
    }

    private Execution stored(String id) {
        return app.executions.find(new ExecutionId(id)).orElseThrow();
    }
}
