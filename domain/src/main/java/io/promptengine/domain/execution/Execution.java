package io.promptengine.domain.execution;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One run of a prompt, immutable. New executions start with {@link #queue}; each transition returns the next
 * state and refuses a move the lifecycle does not allow ({@link ExecutionStatus#canMoveTo}). The canonical
 * constructor is for reloading a stored execution and checks that the fields agree with the status.
 *
 * @param attempts how many times a worker started it; a reclaimed execution runs again with one more
 * @param cost in US dollars, when the model has a price
 * @param modelCalls the calls to model providers of the last run: count, last error, the fallback that answered
 */
public record Execution(
        ExecutionId id,
        ExecutionRequest request,
        ExecutionStatus status,
        Optional<ExecutionOutput> output,
        Optional<ExecutionError> error,
        Usage usage,
        Optional<BigDecimal> cost,
        boolean cacheHit,
        int attempts,
        Instant createdAt,
        Optional<Instant> startedAt,
        Optional<Instant> completedAt,
        ModelCalls modelCalls) {

    public Execution {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(completedAt, "completedAt");
        Objects.requireNonNull(modelCalls, "modelCalls");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative");
        }
        if (status == ExecutionStatus.COMPLETED && output.isEmpty()) {
            throw new IllegalArgumentException("a completed execution has an output");
        }
        if ((status == ExecutionStatus.FAILED || status == ExecutionStatus.TIMED_OUT) && error.isEmpty()) {
            throw new IllegalArgumentException("a " + status.wireName() + " execution has an error");
        }
        if (status.isTerminal() != completedAt.isPresent()) {
            throw new IllegalArgumentException("completedAt is set exactly when the status is terminal");
        }
        if (status == ExecutionStatus.RUNNING && startedAt.isEmpty()) {
            throw new IllegalArgumentException("a running execution has a start time");
        }
    }

    /** A reloaded execution that made no model call (or whose calls were not recorded). */
    public Execution(ExecutionId id, ExecutionRequest request, ExecutionStatus status, Optional<ExecutionOutput> output,
            Optional<ExecutionError> error, Usage usage, Optional<BigDecimal> cost, boolean cacheHit, int attempts,
            Instant createdAt, Optional<Instant> startedAt, Optional<Instant> completedAt) {
        this(id, request, status, output, error, usage, cost, cacheHit, attempts, createdAt, startedAt, completedAt,
                ModelCalls.NONE);
    }

    /** A new execution, waiting for a worker (async) or about to start on the caller's thread (sync). */
    public static Execution queue(ExecutionId id, ExecutionRequest request, Instant now) {
        return new Execution(id, request, ExecutionStatus.QUEUED, Optional.empty(), Optional.empty(), Usage.NONE,
                Optional.empty(), false, 0, now, Optional.empty(), Optional.empty());
    }

    /**
     * An execution answered from the response cache: completed the moment it was created, with the cached answer,
     * no provider tokens, no cost and no model call (zero attempts).
     */
    public static Execution fromCache(ExecutionId id, ExecutionRequest request, ExecutionOutput cached,
            Instant now) {
        return new Execution(id, request, ExecutionStatus.COMPLETED, Optional.of(cached), Optional.empty(),
                Usage.NONE, Optional.of(BigDecimal.ZERO), true, 0, now, Optional.of(now), Optional.of(now));
    }

    public Execution start(Instant now) {
        require(ExecutionStatus.RUNNING);
        return new Execution(id, request, ExecutionStatus.RUNNING, output, error, usage, cost, cacheHit,
                attempts + 1, createdAt, Optional.of(now), completedAt, ModelCalls.NONE);
    }

    public Execution complete(ExecutionOutput answer, Usage used, Optional<BigDecimal> price, Instant now) {
        require(ExecutionStatus.COMPLETED);
        return new Execution(id, request, ExecutionStatus.COMPLETED, Optional.of(answer), Optional.empty(), used,
                price, cacheHit, attempts, createdAt, startedAt, Optional.of(now), modelCalls);
    }

    public Execution fail(ExecutionError why, Usage used, Instant now) {
        return fail(why, used, cost, now);
    }

    /** Failed after model calls that consumed {@code used}, priced at {@code price}: spent tokens cost, failed or not. */
    public Execution fail(ExecutionError why, Usage used, Optional<BigDecimal> price, Instant now) {
        require(ExecutionStatus.FAILED);
        Objects.requireNonNull(price, "price");
        return new Execution(id, request, ExecutionStatus.FAILED, output, Optional.of(why), used, price, cacheHit,
                attempts, createdAt, startedAt, Optional.of(now), modelCalls);
    }

    public Execution timeOut(ExecutionError why, Instant now) {
        return timeOut(why, usage, now);
    }

    /** Timed out after model calls that consumed {@code used}, such as a first answer that had to be re-asked. */
    public Execution timeOut(ExecutionError why, Usage used, Instant now) {
        return timeOut(why, used, cost, now);
    }

    /** Timed out after model calls that consumed {@code used} (a stream cut at its deadline), priced at {@code price}. */
    public Execution timeOut(ExecutionError why, Usage used, Optional<BigDecimal> price, Instant now) {
        require(ExecutionStatus.TIMED_OUT);
        Objects.requireNonNull(price, "price");
        return new Execution(id, request, ExecutionStatus.TIMED_OUT, output, Optional.of(why), used, price,
                cacheHit, attempts, createdAt, startedAt, Optional.of(now), modelCalls);
    }

    public Execution cancel(Instant now) {
        return cancel(usage, cost, now);
    }

    /**
     * Cancelled while its model call was under way, after it had consumed {@code used} (a streamed answer whose
     * client hung up): those tokens were spent, so they are kept and priced like any others.
     */
    public Execution cancel(Usage used, Optional<BigDecimal> price, Instant now) {
        require(ExecutionStatus.CANCELLED);
        Objects.requireNonNull(used, "used");
        Objects.requireNonNull(price, "price");
        return new Execution(id, request, ExecutionStatus.CANCELLED, output, error, used, price, cacheHit, attempts,
                createdAt, startedAt, Optional.of(now), modelCalls);
    }

    /** This running execution with the model calls its run has made so far. */
    public Execution withModelCalls(ModelCalls calls) {
        if (status != ExecutionStatus.RUNNING) {
            throw new IllegalStateException("model calls are recorded while an execution runs, not when "
                    + status.wireName());
        }
        return new Execution(id, request, status, output, error, usage, cost, cacheHit, attempts, createdAt,
                startedAt, completedAt, calls);
    }

    /** Time from creation to the end, once it has ended. */
    public Optional<Duration> latency() {
        return completedAt.map(end -> Duration.between(createdAt, end));
    }

    private void require(ExecutionStatus next) {
        if (!status.canMoveTo(next)) {
            throw new IllegalTransitionException(id, status, next);
        }
    }
}
