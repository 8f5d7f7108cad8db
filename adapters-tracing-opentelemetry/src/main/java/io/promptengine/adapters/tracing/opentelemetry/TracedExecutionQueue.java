package io.promptengine.adapters.tracing.opentelemetry;

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
 * The execution queue, with a database span around each call made inside a trace: in practice a worker's
 * {@link #finish}, which runs in the span of the execution (claims, renewals and reclaims run outside any).
 */
final class TracedExecutionQueue implements ExecutionQueue {

    private final ExecutionQueue delegate;
    private final DatabaseSpans spans;

    TracedExecutionQueue(ExecutionQueue delegate, DatabaseSpans spans) {
        this.delegate = delegate;
        this.spans = spans;
    }

    @Override
    public List<Execution> claim(String owner, int limit, Instant now, Duration lease) {
        return spans.call("UPDATE", () -> delegate.claim(owner, limit, now, lease));
    }

    @Override
    public Set<ExecutionId> renew(String owner, Map<ExecutionId, Integer> attempts, Instant until) {
        return spans.call("UPDATE", () -> delegate.renew(owner, attempts, until));
    }

    @Override
    public ExecutionStore.Write finish(Execution ended) {
        return spans.call("UPDATE", () -> delegate.finish(ended));
    }

    @Override
    public int release(String owner, Map<ExecutionId, Integer> attempts) {
        return spans.call("UPDATE", () -> delegate.release(owner, attempts));
    }

    @Override
    public Reclaimed reclaim(Instant now, int maxAttempts, ExecutionError exhausted, int limit) {
        return spans.call("UPDATE", () -> delegate.reclaim(now, maxAttempts, exhausted, limit));
    }
}
