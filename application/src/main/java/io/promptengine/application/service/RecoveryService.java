package io.promptengine.application.service;

import io.promptengine.application.port.in.RecoverExecutionsUseCase;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.ExecutionStore;
import io.promptengine.application.port.out.WorkerPool;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionError;
import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.execution.ExecutionStatus;
import io.promptengine.domain.execution.Usage;
import java.util.List;
import java.util.Optional;

/**
 * Start-up recovery for a single instance. A {@code running} execution from a previous run lost its model call
 * with the process, and we cannot know whether the provider billed it, so it ends {@code failed} rather than
 * silently running twice; a {@code queued} one never started and simply runs now.
 */
public final class RecoveryService implements RecoverExecutionsUseCase {

    static final String INTERRUPTED = "The server stopped while this execution was running; it was not retried "
            + "because the model may already have been called";
    private static final int BATCH = 500;

    private final ExecutionStore executions;
    private final ExecutionRunner runner;
    private final WorkerPool workers;
    private final Clock clock;

    public RecoveryService(ExecutionStore executions, ExecutionRunner runner, WorkerPool workers, Clock clock) {
        this.executions = executions;
        this.runner = runner;
        this.workers = workers;
        this.clock = clock;
    }

    @Override
    public Recovery recover() {
        int failed = 0;
        for (List<Execution> batch = next(ExecutionStatus.RUNNING, Optional.empty()); !batch.isEmpty();
                batch = next(ExecutionStatus.RUNNING, last(batch))) {
            for (Execution running : batch) {
                Execution ended = running.fail(new ExecutionError("internal_error", INTERRUPTED), Usage.NONE,
                        clock.now());
                if (executions.update(ended, ExecutionStatus.RUNNING) == ExecutionStore.Write.APPLIED) {
                    failed++;
                }
            }
        }
        int requeued = 0;
        for (List<Execution> batch = next(ExecutionStatus.QUEUED, Optional.empty()); !batch.isEmpty();
                batch = next(ExecutionStatus.QUEUED, last(batch))) {
            for (Execution queued : batch) {
                workers.submit(queued.id(), () -> runner.runQueued(queued.id()));
                requeued++;
            }
        }
        return new Recovery(requeued, failed);
    }

    private List<Execution> next(ExecutionStatus status, Optional<ExecutionId> after) {
        return executions.findByStatus(status, after, BATCH);
    }

    private static Optional<ExecutionId> last(List<Execution> batch) {
        return Optional.of(batch.get(batch.size() - 1).id());
    }
}
