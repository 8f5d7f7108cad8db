package io.promptengine.application.service;

import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.ExecutionQueue;
import io.promptengine.application.port.out.ExecutionStore;
import io.promptengine.domain.error.PromptEngineException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionError;
import io.promptengine.domain.execution.ExecutionId;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one instance's workers do with the shared {@link ExecutionQueue}: claim executions under a lease, run each
 * through {@link ExecutionRunner} and finish it fenced by its attempt, renew the leases of the work in hand, and
 * take back the executions of workers that stopped renewing.
 *
 * <p>The model is called <em>at least once</em> per execution and each execution is <em>completed exactly
 * once</em>: a worker that dies (or stalls past its lease) mid-call leaves its execution to be reclaimed and
 * called again as the next attempt, and the stalled worker's late answer, if it ever comes, is fenced out. An
 * execution whose lease expired {@link Settings#maxAttempts} times ends failed instead of being called again.
 */
public final class QueueWorker {

    private static final System.Logger LOG = System.getLogger(QueueWorker.class.getName());
    /** How many expired executions one reclaim round takes; the next round takes the rest. */
    private static final int RECLAIM_BATCH = 500;

    private final ExecutionQueue queue;
    private final ExecutionRunner runner;
    private final Clock clock;
    private final Settings settings;

    /**
     * @param lease how long a claim or a renewal holds an execution; a worker renews well before it runs out
     * @param maxAttempts how many workers may start an execution before an expired lease fails it
     */
    public record Settings(Duration lease, int maxAttempts) {

        public Settings {
            Objects.requireNonNull(lease, "lease");
            if (lease.isNegative() || lease.isZero()) {
                throw new IllegalArgumentException("lease must be positive");
            }
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
        }
    }

    public QueueWorker(ExecutionQueue queue, ExecutionRunner runner, Clock clock, Settings settings) {
        this.queue = queue;
        this.runner = runner;
        this.clock = clock;
        this.settings = settings;
    }

    /** Claims up to {@code limit} queued executions for {@code owner}; each is then this worker's to {@link #work}. */
    public List<Execution> claim(String owner, int limit) {
        return queue.claim(owner, limit, clock.now(), settings.lease());
    }

    /**
     * Runs a claimed execution and stores its end unless this attempt was cancelled or taken over meanwhile;
     * never throws for a failed model call, it records it.
     */
    public void work(Execution claimed) {
        ExecutionRunner.Outcome outcome = runner.run(claimed);
        if (queue.finish(outcome.execution()) == ExecutionStore.Write.STALE) {
            LOG.log(Level.DEBUG, "execution {0} attempt {1} was cancelled or taken over while its model call ran; "
                    + "its result is dropped", claimed.id().value(), claimed.attempts());
            return;
        }
        runner.metrics().executionEnded(outcome.execution());
        outcome.failure().filter(f -> !(f instanceof PromptEngineException))
                .ifPresent(f -> LOG.log(Level.ERROR, "execution " + claimed.id().value() + " failed unexpectedly", f));
    }

    /**
     * Renews the leases {@code owner} holds on {@code attempts} (execution id to attempt).
     *
     * @return the executions no longer held, cancelled or taken over: their work should be interrupted
     */
    public Set<ExecutionId> heartbeat(String owner, Map<ExecutionId, Integer> attempts) {
        return queue.renew(owner, attempts, clock.now().plus(settings.lease()));
    }

    /** Puts the work {@code owner} still holds back in the queue, on a clean stop; returns how much went back. */
    public int release(String owner, Map<ExecutionId, Integer> attempts) {
        return queue.release(owner, attempts);
    }

    /**
     * Takes back every execution whose lease expired: queued again while attempts remain, failed with an error
     * that says why once they are used up.
     */
    public ExecutionQueue.Reclaimed reclaimExpired() {
        ExecutionQueue.Reclaimed total = new ExecutionQueue.Reclaimed(0, 0);
        ExecutionQueue.Reclaimed round;
        do {
            round = queue.reclaim(clock.now(), settings.maxAttempts(), exhausted(), RECLAIM_BATCH);
            total = total.plus(round);
        } while (round.total() == RECLAIM_BATCH);
        return total;
    }

    /** The error of an execution whose every attempt was cut off. */
    ExecutionError exhausted() {
        int attempts = settings.maxAttempts();
        return new ExecutionError("internal_error", "The execution was started " + attempts
                + (attempts == 1 ? " time" : " times") + " and each time its worker stopped before finishing it "
                + "(the server stopped or lost its database); it is not retried beyond " + attempts
                + (attempts == 1 ? " attempt" : " attempts"));
    }
}
