package io.promptengine.application.service;

import static io.promptengine.application.service.App.ACME;
import static io.promptengine.application.service.App.acme;
import static io.promptengine.application.service.App.command;
import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.application.fakes.SampleExecutions;
import io.promptengine.application.port.out.ExecutionQueue;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueWorkerTest {

    private final App app = new App();

    @Test
    void givenWorkersThatKeepDying_reclaimExpired_retriesUpToTheLimitThenFailsWithAClearError() {
        Execution queued = app.executePrompt.submit(command(acme(), "echo"));
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThat(app.queueWorker.claim("worker-" + attempt, 10)).singleElement()
                    .extracting(Execution::attempts).isEqualTo(attempt);
            app.clock.advance(App.LEASE.plusSeconds(1));
            app.queueWorker.reclaimExpired();
        }

        Execution failed = app.executions.find(ACME, queued.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.attempts()).isEqualTo(3);
        assertThat(failed.error().orElseThrow().code()).isEqualTo("internal_error");
        assertThat(failed.error().orElseThrow().message())
                .isEqualTo("The execution was started 3 times and each time its worker stopped before finishing it "
                        + "(the server stopped or lost its database); it is not retried beyond 3 attempts");
        assertThat(app.queueWorker.claim("worker-4", 10)).isEmpty();
        assertThat(app.provider.calls()).isZero();
    }

    @Test
    void givenMoreExpiredThanOneBatch_reclaimExpired_takesThemAll() {
        for (int i = 0; i < 1_201; i++) {
            app.executions.insert(SampleExecutions.queued(String.format("exec_%04d", i), ACME, app.clock.now()));
        }
        app.queueWorker.claim("worker-dead", 2_000);
        app.clock.advance(App.LEASE.plusSeconds(1));

        ExecutionQueue.Reclaimed reclaimed = app.queueWorker.reclaimExpired();

        assertThat(reclaimed).isEqualTo(new ExecutionQueue.Reclaimed(1_201, 0));
    }

    @Test
    void givenCancelledWhileHeld_heartbeat_reportsItLostAndKeepsTheOthers() {
        Execution first = app.executePrompt.submit(command(acme(), "echo"));
        Execution second = app.executePrompt.submit(command(acme(), "echo"));
        app.queueWorker.claim(App.WORKER, 10);
        app.cancelExecution.cancel(acme(), first.id().value());

        assertThat(app.queueWorker.heartbeat(App.WORKER, Map.of(first.id(), 1, second.id(), 1)))
                .containsExactly(first.id());

        app.clock.advance(App.LEASE.minusSeconds(1));
        assertThat(app.queueWorker.heartbeat(App.WORKER, Map.of(second.id(), 1))).isEmpty();
        app.clock.advance(App.LEASE.minusSeconds(1));
        assertThat(app.queueWorker.reclaimExpired().total()).as("renewed, so not expired").isZero();
    }

    @Test
    void givenCleanStop_release_queuesHeldWorkForTheNextWorker() {
        Execution queued = app.executePrompt.submit(command(acme(), "echo"));
        app.queueWorker.claim(App.WORKER, 10);

        assertThat(app.queueWorker.release(App.WORKER, Map.of(queued.id(), 1))).isEqualTo(1);

        assertThat(app.runQueued()).isEqualTo(1);
        Execution completed = app.executions.find(ACME, queued.id()).orElseThrow();
        assertThat(completed.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(completed.attempts()).isEqualTo(2);
    }
}
