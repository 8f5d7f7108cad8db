package io.promptengine.application.service;

import io.promptengine.application.port.in.CacheStatus;
import io.promptengine.application.port.in.ExecutionResult;
import io.promptengine.application.port.out.CacheKey;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.ExecutionStore;
import io.promptengine.application.port.out.ResponseCache;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionOutput;
import java.time.Duration;
import java.util.Optional;

/**
 * Runs a new execution now, through the response cache. A cached answer becomes a completed execution with
 * {@code cache_hit} and no model call; otherwise the model is called and a completed, untruncated answer is stored
 * for the time to live. A failed call throws as {@link ExecutionRunner#runNow} does and stores nothing; answers
 * that broke the output schema never complete, so they are never stored either. Identical requests that miss at the
 * same moment each call the model (no request coalescing).
 */
public final class ResponseCaching {

    private final ResponseCache cache;
    private final ExecutionRunner runner;
    private final ExecutionStore executions;
    private final Clock clock;

    public ResponseCaching(ResponseCache cache, ExecutionRunner runner, ExecutionStore executions, Clock clock) {
        this.cache = cache;
        this.runner = runner;
        this.executions = executions;
        this.clock = clock;
    }

    /**
     * @param ttl how long a fresh answer is kept; {@link Duration#ZERO} runs {@code queued} without the cache
     * @param bypass call the model even when an answer is cached, and store the new one
     */
    ExecutionResult runNow(Execution queued, Duration ttl, boolean bypass) {
        if (ttl.isZero() || ttl.isNegative()) {
            return ExecutionResult.uncached(runner.runNow(queued));
        }
        CacheKey key = CacheKey.of(queued.request());
        if (!bypass) {
            Optional<ExecutionOutput> cached = cache.get(key);
            if (cached.isPresent()) {
                Execution hit = Execution.fromCache(queued.id(), queued.request(), cached.get(), clock.now());
                executions.insert(hit);
                return new ExecutionResult(hit, Optional.of(CacheStatus.HIT));
            }
        }
        Execution completed = runner.runNow(queued);
        ExecutionOutput answer = completed.output().orElseThrow();
        if (!answer.truncated()) {
            cache.put(key, answer, ttl);
        }
        return new ExecutionResult(completed, Optional.of(bypass ? CacheStatus.BYPASS : CacheStatus.MISS));
    }
}
