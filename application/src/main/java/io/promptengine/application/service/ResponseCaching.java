package io.promptengine.application.service;

import io.promptengine.application.model.CacheStatus;
import io.promptengine.application.port.in.ExecutionResult;
import io.promptengine.application.port.out.CacheKey;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.ExecutionStore;
import io.promptengine.application.port.out.ModelRouter;
import io.promptengine.application.port.out.ResponseCache;
import io.promptengine.domain.error.DeadlineExceededException;
import io.promptengine.domain.error.ErrorKind;
import io.promptengine.domain.error.ExecutionFailedException;
import io.promptengine.domain.error.PromptEngineException;
import io.promptengine.domain.error.UpstreamException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionError;
import io.promptengine.domain.execution.ExecutionOutput;
import io.promptengine.domain.execution.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a new execution now, through the response cache. A cached answer becomes a completed execution with
 * {@code cache_hit} and no model call; otherwise the model is called and a completed, untruncated answer is stored
 * for the time to live. A failed call throws as {@link ExecutionRunner#runNow} does and stores nothing; answers
 * that broke the output schema never complete, so they are never stored either.
 *
 * <p><b>Single flight.</b> Identical requests (one {@link CacheKey}, so one tenant) that miss while a model call
 * for that key is in flight in this instance do not call the model again: the first is the leader, the others wait
 * for its answer and are served it as hits, each its own execution with {@code cache_hit}, no tokens and no cost.
 * No lock is held across the call: the leader registers a future in a concurrent map and completes it when its
 * call has ended. A waiter waits no longer than its own deadline (its arrival plus its execution's timeout), then
 * ends {@code timed_out} alone. When the leader's call fails (an error, a timeout, an answer that broke the output
 * schema), the waiters do not share its failure: they look again, and one of them becomes the new leader and calls
 * the model within what is left of its own deadline, the others waiting for it in turn. When the leader's answer
 * is one the cache never keeps (truncated), each waiter calls the model on its own, as it would have without
 * single flight. A bypass ({@code x-cache-bypass}) never waits and never leads.
 */
public final class ResponseCaching {

    /** What a leader's call left for the requests that waited for it. */
    private sealed interface Settled permits Answered, Unanswered {
    }

    /** The leader's answer, stored in the cache: the waiters are served it. */
    private record Answered(ExecutionOutput answer) implements Settled {
    }

    private enum Unanswered implements Settled {
        /** The call failed; a waiter may lead the next one. */
        FAILED,
        /** The answer is one the cache never keeps; each waiter calls the model itself. */
        UNCACHEABLE
    }

    private final ResponseCache cache;
    private final ExecutionRunner runner;
    private final ExecutionStore executions;
    private final Clock clock;
    private final ConcurrentMap<CacheKey, CompletableFuture<Settled>> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();

    public ResponseCaching(ResponseCache cache, ExecutionRunner runner, ExecutionStore executions, Clock clock) {
        this.cache = cache;
        this.runner = runner;
        this.executions = executions;
        this.clock = clock;
    }

    /**
     * @param routed where {@code queued}'s model was routed when the request was checked; a call goes there
     * @param ttl how long a fresh answer is kept; {@link Duration#ZERO} runs {@code queued} without the cache
     * @param bypass call the model even when an answer is cached, and store the new one
     */
    ExecutionResult runNow(Execution queued, ModelRouter.Routed routed, Duration ttl, boolean bypass) {
        if (ttl.isZero() || ttl.isNegative()) {
            return ExecutionResult.uncached(runner.runNow(queued, routed));
        }
        CacheKey key = CacheKey.of(queued.request());
        Instant arrived = clock.now();
        if (bypass) {
            runner.metrics().cacheLookup(queued.request().source(), CacheStatus.BYPASS);
            return called(queued, routed, arrived, key, ttl, CacheStatus.BYPASS);
        }
        Optional<Instant> deadline = Optional.empty();
        while (true) {
            Optional<ExecutionOutput> cached = cache.get(key);
            if (cached.isPresent()) {
                return hit(queued, cached.get());
            }
            CompletableFuture<Settled> mine = new CompletableFuture<>();
            CompletableFuture<Settled> leader = inFlight.putIfAbsent(key, mine);
            if (leader == null) {
                return lead(queued, routed, arrived, key, ttl, mine);
            }
            if (deadline.isEmpty()) {
                deadline = Optional.of(arrived.plus(runner.timeoutOf(queued)));
            }
            Settled settled = await(leader, queued, arrived, deadline.get());
            if (settled instanceof Answered answered) {
                return hit(queued, answered.answer());
            }
            if (settled == Unanswered.UNCACHEABLE) {
                runner.metrics().cacheLookup(queued.request().source(), CacheStatus.MISS);
                return called(queued, routed, arrived, key, ttl, CacheStatus.MISS);
            }
        }
    }

    /** How many requests wait for another's model call right now; for tests that act once they wait. */
    int waiting() {
        return waiting.get();
    }

    /**
     * Calls the model for a key this request now leads, and tells the waiters how it went, whatever happens. The
     * cache is read once more first: a leader that finished between this request's miss and its registration has
     * stored its answer already.
     */
    private ExecutionResult lead(Execution queued, ModelRouter.Routed routed, Instant arrived, CacheKey key,
            Duration ttl, CompletableFuture<Settled> mine) {
        Settled settled = Unanswered.FAILED;
        try {
            Optional<ExecutionOutput> cached = cache.get(key);
            if (cached.isPresent()) {
                settled = new Answered(cached.get());
                return hit(queued, cached.get());
            }
            runner.metrics().cacheLookup(queued.request().source(), CacheStatus.MISS);
            Execution completed = runner.runNow(queued, routed, arrived);
            ExecutionOutput answer = completed.output().orElseThrow();
            if (answer.truncated()) {
                settled = Unanswered.UNCACHEABLE;
            } else {
                cache.put(key, answer, ttl);
                settled = new Answered(answer);
            }
            return new ExecutionResult(completed, Optional.of(CacheStatus.MISS));
        } finally {
            inFlight.remove(key, mine);
            mine.complete(settled);
        }
    }

    /** A model call outside single flight: a bypass, or a waiter whose leader's answer could not be shared. */
    private ExecutionResult called(Execution queued, ModelRouter.Routed routed, Instant arrived, CacheKey key,
            Duration ttl, CacheStatus status) {
        Execution completed = runner.runNow(queued, routed, arrived);
        ExecutionOutput answer = completed.output().orElseThrow();
        if (!answer.truncated()) {
            cache.put(key, answer, ttl);
        }
        return new ExecutionResult(completed, Optional.of(status));
    }

    private ExecutionResult hit(Execution queued, ExecutionOutput answer) {
        Execution hit = Execution.fromCache(queued.id(), queued.request(), answer, clock.now());
        executions.insert(hit);
        runner.metrics().cacheLookup(queued.request().source(), CacheStatus.HIT);
        runner.metrics().executionEnded(hit);
        return new ExecutionResult(hit, Optional.of(CacheStatus.HIT));
    }

    /** How the leader's call settled, or this waiter's own timeout once its deadline passes. */
    private Settled await(CompletableFuture<Settled> leader, Execution queued, Instant arrived, Instant deadline) {
        waiting.incrementAndGet();
        try {
            long leftNanos = Duration.between(clock.now(), deadline).toNanos();
            if (leftNanos <= 0) {
                throw new TimeoutException();
            }
            return leader.get(leftNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw ended(queued, arrived, new DeadlineExceededException("The deadline passed while waiting for "
                    + "an identical request's model call to '" + queued.request().model() + "'"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ended(queued, arrived, new UpstreamException("Interrupted while waiting for an identical "
                    + "request's model call to '" + queued.request().model() + "'", e));
        } catch (ExecutionException e) {
            throw new IllegalStateException("a leader's future is only ever completed normally", e);
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** Records a waiter that ended without an answer, no tokens used, and names it in {@code why}. */
    private PromptEngineException ended(Execution queued, Instant arrived, PromptEngineException why) {
        ExecutionError error = new ExecutionError(why.kind().code(), why.getMessage());
        Execution running = queued.start(arrived);
        Execution ended = why.kind() == ErrorKind.TIMEOUT ? running.timeOut(error, Usage.NONE, clock.now())
                : running.fail(error, Usage.NONE, clock.now());
        executions.insert(ended);
        runner.metrics().executionEnded(ended);
        return new ExecutionFailedException(why, ended.id().value());
    }
}
