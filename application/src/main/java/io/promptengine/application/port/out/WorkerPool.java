package io.promptengine.application.port.out;

import io.promptengine.domain.execution.ExecutionId;

/** Runs async executions in the background with bounded concurrency. */
public interface WorkerPool {

    /**
     * Runs {@code work} for execution {@code id} when a worker is free. Throws {@code UnavailableException} when
     * the pool no longer takes work (shutting down); the execution then stays queued for the next start.
     */
    void submit(ExecutionId id, Runnable work);

    /** Interrupts the work of {@code id} if it is running now; does nothing otherwise. */
    void interrupt(ExecutionId id);
}
