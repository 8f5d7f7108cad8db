package io.promptengine.bootstrap;

import io.promptengine.application.port.out.WorkerPool;
import io.promptengine.domain.error.UnavailableException;
import io.promptengine.domain.execution.ExecutionId;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * At most {@code size} async executions at once, the rest waiting in order. The queue lives in memory, but every
 * entry is also a {@code queued} row in the execution store, so nothing here is the only copy: what a stop leaves
 * waiting runs at the next start.
 */
final class ExecutorWorkerPool implements WorkerPool {

    private final ThreadPoolExecutor executor;
    private final Map<ExecutionId, Future<?>> pending = new ConcurrentHashMap<>();

    ExecutorWorkerPool(int size) {
        this.executor = new ThreadPoolExecutor(size, size, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                Threads.named("pe-worker"));
    }

    @Override
    public void submit(ExecutionId id, Runnable work) {
        try {
            // FutureTask interrupts only while its own task runs, so a late cancel cannot hit the next task.
            FutureTask<Void> task = new FutureTask<>(() -> {
                try {
                    work.run();
                } finally {
                    pending.remove(id);
                }
            }, null);
            pending.put(id, task);
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            pending.remove(id);
            throw new UnavailableException("The server is shutting down; the execution stays queued and runs "
                    + "after the next start");
        }
    }

    @Override
    public void interrupt(ExecutionId id) {
        Future<?> task = pending.remove(id);
        if (task != null) {
            task.cancel(true);
        }
    }

    /** How many executions are waiting or running. */
    int pending() {
        return pending.size();
    }

    /**
     * Stops taking work: waiting executions stay queued in the store for the next start, running ones get
     * {@code grace} to finish.
     */
    void shutdown(Duration grace) throws InterruptedException {
        executor.getQueue().clear();
        executor.shutdown();
        if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            executor.shutdownNow();
        }
    }
}
