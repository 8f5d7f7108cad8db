package io.promptengine.bootstrap;

import io.promptengine.application.port.out.ExecutionQueue;
import io.promptengine.application.port.out.WorkContext;
import io.promptengine.application.port.out.WorkerPool;
import io.promptengine.application.service.QueueWorker;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionId;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's workers. One dispatcher thread claims as many queued executions as there are free worker slots,
 * hands each to a worker thread (virtual on JDK 21+), and sleeps until the poll interval passes, this instance
 * queues an execution ({@link #wake}) or a slot frees up. While the queue keeps every worker busy, claims are
 * {@linkplain ClaimBatching batched}: a freed slot waits until a batch of slots is free (a quarter, at most 16),
 * or {@link #LINGER} has passed, and one transaction claims for all of them. Every heartbeat it renews the
 * leases of the work in hand, interrupts the work whose lease it lost (a cancel from any instance, or a takeover), and reclaims executions
 * whose leases expired anywhere. A database outage only pauses it: each round that fails is logged and retried
 * at the next poll.
 *
 * <p>{@link #shutdown} stops claiming, gives running work a grace period, then puts what is still running back in
 * the queue for another instance (or the next start) at once, and interrupts it; the interrupted attempt's late
 * result is fenced out.
 *
 * <p>The worker threads are its own, or those of an executor the host application gives; a host's executor is
 * only given work, never shut down: stopping waits for this dispatcher's own tasks on it instead.
 */
final class QueueDispatcher implements WorkerPool {

    private static final Logger LOG = LoggerFactory.getLogger(QueueDispatcher.class);
    /** The longest a freed slot waits for others to free before it claims on its own, while the queue is full. */
    static final Duration LINGER = Duration.ofMillis(2);

    /** Set by {@link #start}: the core that wakes and interrupts these workers is built before what they run. */
    private volatile QueueWorker worker;
    private final String owner;
    private final int slots;
    /** When to claim; the dispatcher thread's alone. */
    private final ClaimBatching batching;
    private final Duration poll;
    private final Duration heartbeat;
    private final ExecutorService threads;
    /** Whether {@link #threads} is this dispatcher's, to shut down when it stops; a host's executor is not. */
    private final boolean ownThreads;
    private final Function<Execution, WorkContext.Scope> scopes;
    private final Map<ExecutionId, Running> running = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeUp = lock.newCondition();
    /** Signalled whenever a task leaves {@link #running}. */
    private final Condition ended = lock.newCondition();
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
     * @param hostThreads the host's executor to run the work on; empty for threads of this dispatcher's own
     * @param scopes the span and log context each execution runs in, on its worker's thread
     */
    QueueDispatcher(String owner, int slots, Duration poll, Duration heartbeat, Optional<ExecutorService> hostThreads,
            Function<Execution, WorkContext.Scope> scopes) {
        this.scopes = scopes;
        this.owner = owner;
        this.slots = slots;
        this.batching = new ClaimBatching(slots, LINGER);
        this.poll = poll;
        this.heartbeat = heartbeat;
        this.ownThreads = hostThreads.isEmpty();
        this.threads = hostThreads.orElseGet(() -> Executors.newFixedThreadPool(slots, Threads.named("pe-worker")));
        this.dispatcher = new Thread(this::dispatch, "pe-dispatcher");
        dispatcher.setDaemon(true);
    }

    /** Starts claiming work for {@code worker}; queued executions left by earlier runs are claimed at once. */
    QueueDispatcher start(QueueWorker worker) {
        this.worker = Objects.requireNonNull(worker, "worker");
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
        if (ownThreads) {
            threads.shutdown();
        }
        if (!awaitEnded(grace)) {
            releaseRunning();
            running.values().forEach(work -> work.task().cancel(true));
            awaitEnded(grace);
        }
        if (ownThreads) {
            // its tasks ended, or were interrupted and given the grace again: what is left of the pool is idle
            threads.shutdownNow();
        }
    }

    /** Puts what still runs here back in the queue, for another instance or the next start. */
    private void releaseRunning() {
        Map<ExecutionId, Integer> left = attempts();
        try {
            int released = worker.release(owner, left);
            LOG.info("Stopped with {} executions still running; {} went back to the queue", left.size(), released);
        } catch (RuntimeException e) {
            LOG.warn("Could not put the {} executions still running back in the queue; they are reclaimed when "
                    + "their leases expire", left.size(), e);
        }
    }

    /** Waits up to {@code grace} for every task of this dispatcher to end; whether they all did. */
    private boolean awaitEnded(Duration grace) throws InterruptedException {
        long left = grace.toNanos();
        lock.lock();
        try {
            while (!running.isEmpty() && left > 0) {
                left = ended.awaitNanos(left);
            }
            return running.isEmpty();
        } finally {
            lock.unlock();
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
                batching.failed();
                failed(e);
            }
            if (!full) {
                long now = System.nanoTime();
                sleep(Math.min(Math.min(poll.toNanos(), Math.max(0, nextHeartbeat - now)),
                        batching.nanosUntilClaim(now)));
            }
        }
    }

    /**
     * Claims work for every free slot, when {@link ClaimBatching} says to; true if it filled them all, so more may
     * be waiting.
     */
    private boolean claim() {
        int free = slots - running.size();
        if (!batching.claimNow(free, System.nanoTime())) {
            return false;
        }
        List<Execution> claimed = worker.claim(owner, free);
        batching.claimed(free, claimed.size());
        for (Execution execution : claimed) {
            FutureTask<Void> task = task(execution);
            running.put(execution.id(), new Running(execution.attempts(), task));
            try {
                threads.execute(task);
            } catch (RejectedExecutionException e) {
                // the host's executor no longer takes work: what was claimed goes back to the queue at once
                left(execution.id());
                worker.release(owner, Map.of(execution.id(), execution.attempts()));
                throw e;
            }
        }
        return claimed.size() == free;
    }

    /**
     * The work of one claimed execution. It leaves {@link #running} when the work ends, or at once when it is
     * cancelled before it began (an executor's queue may hold it a while), so that its slot never stays taken.
     */
    private FutureTask<Void> task(Execution execution) {
        AtomicBoolean began = new AtomicBoolean();
        return new FutureTask<>(() -> {
            if (!began.compareAndSet(false, true)) {
                return;
            }
            try (WorkContext.Scope scope = scopes.apply(execution)) {
                // inside the scope, so that the warning carries the execution's ids too
                try {
                    worker.work(execution);
                } catch (RuntimeException e) {
                    LOG.warn("Could not store the end of execution {} attempt {}; it is reclaimed when its lease "
                            + "expires", execution.id().value(), execution.attempts(), e);
                }
            } finally {
                left(execution.id());
            }
        }, null) {
            @Override
            protected void done() {
                if (isCancelled() && began.compareAndSet(false, true)) {
                    left(execution.id());
                }
            }
        };
    }

    /** {@code id} no longer runs here: its slot is free, and a stop waiting for the work to end may go on. */
    private void left(ExecutionId id) {
        running.remove(id);
        lock.lock();
        try {
            woken = true;
            wakeUp.signal();
            ended.signalAll();
        } finally {
            lock.unlock();
        }
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
