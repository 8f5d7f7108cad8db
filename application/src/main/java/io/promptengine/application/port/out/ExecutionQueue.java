package io.promptengine.application.port.out;

import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionError;
import io.promptengine.domain.execution.ExecutionId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The async executions waiting in the execution store, seen as a queue that any number of instances take work
 * from. A worker <em>claims</em> queued executions: each claimed one is {@code running}, its attempt number (its
 * {@link Execution#attempts()}) one higher, and it holds a <em>lease</em> for its owner until a given instant. The
 * owner renews the lease while it works and ends the execution with {@link #finish}, which is <em>fenced</em>: it
 * writes only while the execution is still running the same attempt, so a worker presumed dead cannot overwrite
 * a cancel or a newer attempt. An execution whose lease ran out is {@link #reclaim reclaimed}: queued again for
 * one more attempt, or failed once the attempts are used up.
 *
 * <p>{@link #finish} is durable when it returns, as {@link ExecutionStore} writes are. The other writes need not
 * be: a claim, renewal, release or reclaim lost with a crashed process leaves its executions queued, or running
 * under a lease that expires and is reclaimed, which is as safe.
 */
public interface ExecutionQueue {

    /**
     * Claims up to {@code limit} queued executions, oldest id first, for {@code owner} until {@code now + lease};
     * no two claims, from however many instances, return the same attempt of an execution.
     *
     * @return the claimed executions as now stored: running, started at {@code now}, attempts one higher
     */
    List<Execution> claim(String owner, int limit, Instant now, Duration lease);

    /**
     * Extends the leases {@code owner} holds on {@code attempts} (execution id to the attempt it runs) to
     * {@code until}.
     *
     * @return the ids of those it no longer holds: cancelled, reclaimed by another worker, or gone; their work
     *     should stop, since its result would be fenced out
     */
    Set<ExecutionId> renew(String owner, Map<ExecutionId, Integer> attempts, Instant until);

    /**
     * Stores {@code ended}, a terminal execution, only if the stored one is still running attempt
     * {@code ended.attempts()}.
     */
    ExecutionStore.Write finish(Execution ended);

    /**
     * Puts back to queued the executions {@code owner} holds at {@code attempts}, for another worker to claim at
     * once rather than after their leases expire; the attempt stays counted. Those it no longer holds are left
     * as they are.
     *
     * @return how many went back to the queue
     */
    int release(String owner, Map<ExecutionId, Integer> attempts);

    /**
     * Takes back up to {@code limit} running executions whose lease expired before {@code now}: an execution that
     * has had fewer than {@code maxAttempts} attempts is queued again; one that has had them all ends
     * {@code failed} with {@code exhausted} at {@code now}.
     */
    Reclaimed reclaim(Instant now, int maxAttempts, ExecutionError exhausted, int limit);

    /** What one {@link #reclaim} did. */
    record Reclaimed(int requeued, int failed) {

        public Reclaimed {
            if (requeued < 0 || failed < 0) {
                throw new IllegalArgumentException("counts must not be negative");
            }
        }

        public int total() {
            return requeued + failed;
        }

        public Reclaimed plus(Reclaimed other) {
            Objects.requireNonNull(other, "other");
            return new Reclaimed(requeued + other.requeued, failed + other.failed);
        }
    }
}
