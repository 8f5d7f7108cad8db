package io.promptengine.application.service;

import io.promptengine.application.port.in.CancelExecutionUseCase;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.ExecutionStore;
import io.promptengine.application.port.out.Metrics;
import io.promptengine.application.port.out.NoMetrics;
import io.promptengine.application.port.out.WorkerPool;
import io.promptengine.domain.error.ConflictException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.tenant.Scope;
import java.util.Objects;

/**
 * Cancels a queued or running execution. The cancel is a conditional write, so it and a worker finishing at the
 * same moment cannot both win: whichever writes first decides, and the loser sees a stale status.
 */
public final class CancelExecutionService implements CancelExecutionUseCase {

    private static final int ATTEMPTS = 3;

    private final ExecutionStore executions;
    private final WorkerPool workers;
    private final Clock clock;
    private final Metrics metrics;

    public CancelExecutionService(ExecutionStore executions, WorkerPool workers, Clock clock) {
        this(executions, workers, clock, new NoMetrics());
    }

    /** @param metrics told of every execution a cancel ends (a worker's late result is fenced out, not reported) */
    public CancelExecutionService(ExecutionStore executions, WorkerPool workers, Clock clock, Metrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.executions = executions;
        this.workers = workers;
        this.clock = clock;
    }

    @Override
    public Execution cancel(Caller caller, String executionId) {
        caller.require(Scope.EXECUTE);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Execution current = ExecutionQueryService.find(executions, caller, executionId);
            if (current.status().isTerminal()) {
                throw new ConflictException("Execution '" + executionId + "' has already ended: it is "
                        + current.status().wireName());
            }
            Execution cancelled = current.cancel(clock.now());
            if (executions.update(cancelled, current.status()) == ExecutionStore.Write.APPLIED) {
                workers.interrupt(cancelled.id());
                metrics.executionEnded(cancelled);
                return cancelled;
            }
        }
        // Each lost race moved the execution forward (queued → running → terminal), so this is unreachable
        // unless the store misbehaves.
        throw new IllegalStateException("execution " + executionId + " kept changing while being cancelled");
    }
}
