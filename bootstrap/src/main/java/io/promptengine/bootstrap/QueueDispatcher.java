package io.promptengine.bootstrap;

import io.promptengine.application.port.out.ExecutionQueue;
import io.promptengine.application.port.out.WorkerPool;
import io.promptengine.application.service.QueueWorker;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionId;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's workers. One dispatcher thread claims as many queued executions as there are free worker slots,
 * hands each to a worker thread (virtual on JDK 21+), and sleeps until the poll interval passes, this instance
 * queues an execution ({@link #wake}) or a slot frees up. Every heartbeat it renews the leases of the work in hand,
 * interrupts the work whose lease it lost (a cancel from any instance, or a takeover), and reclaims executions
 * whose leases expired anywhere. A database outage only pauses it: each round that fails is logged and retried
 * at the next poll.
 *
 * <p>{@link #shutdown} stops claiming, gives running work a grace period, then puts what is still running back in
 * the queue for another instance (or the next start) at once, and interrupts it; the interrupted attempt's late
 * result is fenced out.
 */
final class QueueDispatcher implements WorkerPool {

    private static final Logger LOG = LoggerFactory.getLogger(QueueDispatcher.class);

    private final QueueWorker worker;
    private final String owner;
    private final int slots;
    private final Duration poll;
    private final Duration heartbeat;
    private final ExecutorService threads;
    private final Map<ExecutionId, Running> running = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeUp = lock.newCondition();
    private final Thread dispatcher;
    /** Guarded by {@link #lock}. */
    private boolean woken;
    private volatile boolean stopping;
    private boolean failing;

    /** A claimed execution and the task running it. */
    private record Running(int attempt, FutureTask<Void> task) {
    }

    /**
     * @param owner this instance's name on the leases it holds; unique per process
     * @param slots how many executions run at once
     * @param poll how long the dispatcher sleeps when nothing wakes it
     * @param heartbeat how often leases are renewed and expired ones reclaimed; well under the lease
     */
    QueueDispatcher(QueueWorker worker, String owner, int slots, Duration poll, Duration heartbeat) {
        this.worker = worker;
        this.owner = owner;
        this.slots = slots;
        this.poll = poll;
        this.heartbeat = heartbeat;
        this.threads = Executors.newFixedThreadPool(slots, Threads.named("pe-worker"));
        this.dispatcher = new Thread(this::dispatch, "pe-dispatcher");
        dispatcher.setDaemon(true);
    }

    /** Starts claiming; queued executions left by earlier runs are claimed at once. */
    QueueDispatcher start() {
        dispatcher.start();
        return this;
    }

    String owner() {
        return owner;
    }

    @Override
    public void wake() {
        lock.lock();
        try {
            woken = true;
            wakeUp.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void interrupt(ExecutionId id) {
        Running work = running.get(id);
        if (work != null) {
            work.task().cancel(true);
        }
    }

    /** How many executions run on this instance now. */
    int running() {
        return running.size();
    }

    /**
     * Stops claiming, waits up to {@code grace} for running executions to end, then releases the rest back to the
     * queue and interrupts them.
     */
    void shutdown(Duration grace) throws InterruptedException {
        stopping = true;
        wake();
        dispatcher.join(TimeUnit.SECONDS.toMillis(10));
        threads.shutdown();
        if (!threads.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            Map<ExecutionId, Integer> left = attempts();
            try {
                int released = worker.release(owner, left);
                LOG.info("Stopped with {} executions still running; {} went back to the queue", left.size(), released);
            } catch (RuntimeException e) {
                LOG.warn("Could not put the {} executions still running back in the queue; they are reclaimed when "
                        + "their leases expire", left.size(), e);
            }
            threads.shutdownNow();
            threads.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void dispatch() {
        long nextHeartbeat = System.nanoTime();
        while (!stopping) {
            boolean full = false;
            try {
                if (System.nanoTime() - nextHeartbeat >= 0) {
                    heartbeat();
                    nextHeartbeat = System.nanoTime() + heartbeat.toNanos();
                }
                full = claim();
                recovered();
            } catch (RuntimeException e) {
                failed(e);
            }
            if (!full) {
                sleep(Math.min(poll.toNanos(), Math.max(0, nextHeartbeat - System.nanoTime())));
            }
        }
    }

    /** Claims work for every free slot; true if it filled them all, so more may be waiting. */
    private boolean claim() {
        int free = slots - running.size();
        if (free <= 0) {
            return false;
        }
        List<Execution> claimed = worker.claim(owner, free);
        for (Execution execution : claimed) {
            FutureTask<Void> task = new FutureTask<>(() -> {
                try {
                    worker.work(execution);
                } catch (RuntimeException e) {
                    LOG.warn("Could not store the end of execution {} attempt {}; it is reclaimed when its lease "
                            + "expires", execution.id().value(), execution.attempts(), e);
                } finally {
                    running.remove(execution.id());
                    wake();
                }
            }, null);
            running.put(execution.id(), new Running(execution.attempts(), task));
            threads.execute(task);
        }
        return claimed.size() == free;
    }

    private void heartbeat() {
        Map<ExecutionId, Integer> held = attempts();
        for (ExecutionId lost : worker.heartbeat(owner, held)) {
            // also reported for work that ended between the snapshot and the renewal; interrupting that is harmless
            LOG.debug("Execution {} is no longer held here (ended, cancelled or taken over); interrupting its work",
                    lost.value());
            interrupt(lost);
        }
        ExecutionQueue.Reclaimed reclaimed = worker.reclaimExpired();
        if (reclaimed.total() > 0) {
            LOG.warn("Reclaimed executions whose workers stopped renewing their leases: {} queued again, {} failed "
                    + "after their last attempt", reclaimed.requeued(), reclaimed.failed());
        }
    }

    private Map<ExecutionId, Integer> attempts() {
        Map<ExecutionId, Integer> attempts = new HashMap<>();
        running.forEach((id, work) -> attempts.put(id, work.attempt()));
        return attempts;
    }

    private void sleep(long nanos) {
        lock.lock();
        try {
            long left = nanos;
            while (!woken && !stopping && left > 0) {
                left = wakeUp.awaitNanos(left);
            }
            woken = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        } finally {
            lock.unlock();
        }
    }

    /** Logs the first failure of a run of them, so that an outage of minutes does not flood the log. */
    private void failed(RuntimeException e) {
        if (!failing) {
            LOG.warn("The queue failed to answer; trying again every {} ms until it does", poll.toMillis(), e);
            failing = true;
        }
    }

    private void recovered() {
        if (failing) {
            LOG.info("The queue answers again");
            failing = false;
        }
    }
}
