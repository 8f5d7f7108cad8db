package io.promptengine.application.fakes;

import io.promptengine.application.port.out.WorkerPool;
import io.promptengine.domain.execution.ExecutionId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A worker pool that runs nothing by itself: tests claim queued executions and run each through {@link #runAs}, on
 * whichever thread they call from. It counts wakes, records every interrupt, and interrupts the thread running
 * that execution if there is one, as a real pool would. Thread-safe.
 */
public final class ManualWorkerPool implements WorkerPool {

    private final List<ExecutionId> interrupted = new ArrayList<>();
    private final Map<ExecutionId, Thread> running = new HashMap<>();
    private int wakes;

    @Override
    public synchronized void wake() {
        wakes++;
    }

    @Override
    public synchronized void interrupt(ExecutionId id) {
        interrupted.add(id);
        Thread thread = running.get(id);
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** Runs {@code work}, the work of execution {@code id}, on the calling thread, where interrupts reach it. */
    public void runAs(ExecutionId id, Runnable work) {
        synchronized (this) {
            running.put(id, Thread.currentThread());
        }
        try {
            work.run();
        } finally {
            synchronized (this) {
                running.remove(id);
            }
            // A real worker thread moves on to other work; the interrupt was for this execution only.
            Thread.interrupted();
        }
    }

    /** Whether the work of {@code id} is running right now. */
    public synchronized boolean isRunning(ExecutionId id) {
        return running.containsKey(id);
    }

    /** How many times {@link #wake} was called. */
    public synchronized int wakes() {
        return wakes;
    }

    /** Ids passed to {@link #interrupt}, in order, whether or not their work was running. */
    public synchronized List<ExecutionId> interrupted() {
        return List.copyOf(interrupted);
    }
}
