package io.promptengine.application.fakes;

import io.promptengine.application.port.out.WorkerPool;
import io.promptengine.domain.error.UnavailableException;
import io.promptengine.domain.execution.ExecutionId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A worker pool that runs nothing by itself: it queues submitted work until a test runs it, on whichever thread
 * the test calls from. It records every interrupt, and interrupts the thread running that work if there is one,
 * as a real pool would. Thread-safe.
 */
public final class ManualWorkerPool implements WorkerPool {

    private final Deque<Submitted> pending = new ArrayDeque<>();
    private final Map<ExecutionId, Thread> running = new HashMap<>();
    private final List<ExecutionId> submitted = new ArrayList<>();
    private final List<ExecutionId> interrupted = new ArrayList<>();
    private boolean refusing;

    /** One piece of submitted work. */
    private record Submitted(ExecutionId id, Runnable work) {
    }

    @Override
    public synchronized void submit(ExecutionId id, Runnable work) {
        if (refusing) {
            throw new UnavailableException("The worker pool is shutting down");
        }
        pending.addLast(new Submitted(id, work));
        submitted.add(id);
    }

    @Override
    public synchronized void interrupt(ExecutionId id) {
        interrupted.add(id);
        Thread thread = running.get(id);
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** Runs the oldest pending work on the calling thread; false when there was none. */
    public boolean runNext() {
        Submitted next;
        synchronized (this) {
            next = pending.pollFirst();
            if (next == null) {
                return false;
            }
            running.put(next.id(), Thread.currentThread());
        }
        try {
            next.work().run();
        } finally {
            synchronized (this) {
                running.remove(next.id());
            }
            // A real worker thread moves on to other work; the interrupt was for this execution only.
            Thread.interrupted();
        }
        return true;
    }

    /** Runs pending work, including work submitted meanwhile, until none is left; returns how many ran. */
    public int runAll() {
        int ran = 0;
        while (runNext()) {
            ran++;
        }
        return ran;
    }

    /** From now on {@link #submit} throws {@link UnavailableException}, as a pool that is shutting down does. */
    public synchronized void refuseWork() {
        refusing = true;
    }

    /** Ids of the work waiting to run, oldest first. */
    public synchronized List<ExecutionId> pending() {
        return pending.stream().map(Submitted::id).toList();
    }

    /** Ids of all work ever submitted, in order, run or not. */
    public synchronized List<ExecutionId> submitted() {
        return List.copyOf(submitted);
    }

    /** Ids passed to {@link #interrupt}, in order, whether or not their work was running. */
    public synchronized List<ExecutionId> interrupted() {
        return List.copyOf(interrupted);
    }

    /** Whether the work of {@code id} is running right now. */
    public synchronized boolean isRunning(ExecutionId id) {
        return running.containsKey(id);
    }
}
