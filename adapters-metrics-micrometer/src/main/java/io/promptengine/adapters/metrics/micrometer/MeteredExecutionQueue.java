package io.promptengine.adapters.metrics.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.promptengine.application.port.out.ExecutionQueue;
import io.promptengine.application.port.out.ExecutionStore;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionError;
import io.promptengine.domain.execution.ExecutionId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shared queue with what this instance's workers do to it counted: claims (and among them re-claims, of an
 * execution that an earlier attempt had started), and leases found expired, by what became of their execution.
 */
final class MeteredExecutionQueue implements ExecutionQueue {

    private final ExecutionQueue queue;
    private final Counter claims;
    private final Counter reclaims;
    private final Counter requeued;
    private final Counter failed;

    MeteredExecutionQueue(ExecutionQueue queue, MeterRegistry registry) {
        this.queue = queue;
        this.claims = Counter.builder("pe.queue.claims")
                .description("Async executions this instance's workers claimed from the queue")
                .register(registry);
        this.reclaims = Counter.builder("pe.queue.reclaims")
                .description("Claims of an execution an earlier attempt had started (its lease expired)")
                .register(registry);
        this.requeued = expiries(registry, "requeued");
        this.failed = expiries(registry, "failed");
    }

    private static Counter expiries(MeterRegistry registry, String outcome) {
        return Counter.builder("pe.queue.lease.expiries")
                .description("Running executions whose lease expired, taken back by this instance: requeued for "
                        + "another attempt, or failed once their attempts were used up")
                .tags("outcome", outcome)
                .register(registry);
    }

    @Override
    public List<Execution> claim(String owner, int limit, Instant now, Duration lease) {
        List<Execution> claimed = queue.claim(owner, limit, now, lease);
        claims.increment(claimed.size());
        reclaims.increment(claimed.stream().filter(execution -> execution.attempts() > 1).count());
        return claimed;
    }

    @Override
    public Set<ExecutionId> renew(String owner, Map<ExecutionId, Integer> attempts, Instant until) {
        return queue.renew(owner, attempts, until);
    }

    @Override
    public ExecutionStore.Write finish(Execution ended) {
        return queue.finish(ended);
    }

    @Override
    public int release(String owner, Map<ExecutionId, Integer> attempts) {
        return queue.release(owner, attempts);
    }

    @Override
    public Reclaimed reclaim(Instant now, int maxAttempts, ExecutionError exhausted, int limit) {
        Reclaimed reclaimed = queue.reclaim(now, maxAttempts, exhausted, limit);
        requeued.increment(reclaimed.requeued());
        failed.increment(reclaimed.failed());
        return reclaimed;
    }
}
