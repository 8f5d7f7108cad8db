package io.promptengine.application.port.out;

import io.promptengine.domain.execution.ExecutionId;

/**
 * This instance's workers for async executions. They take work from the {@link ExecutionQueue} that every
 * instance shares, so a queued execution runs on whichever instance has a free worker first.
 */
public interface WorkerPool {

    /**
     * An execution was just queued: a worker with a free slot looks for work now rather than at its next poll,
     * which keeps the latency of a lone instance low.
     */
    void wake();

    /**
     * Interrupts the work of {@code id} if it runs on this instance; does nothing otherwise. An instance that runs
     * it notices a cancel made elsewhere at its next lease renewal.
     */
    void interrupt(ExecutionId id);
}
