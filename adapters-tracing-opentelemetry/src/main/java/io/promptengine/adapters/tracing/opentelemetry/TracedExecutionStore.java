package io.promptengine.adapters.tracing.opentelemetry;

import io.promptengine.application.model.ExecutionFilter;
import io.promptengine.application.port.out.ExecutionPage;
import io.promptengine.application.port.out.ExecutionStore;
import io.promptengine.application.port.out.PageCursor;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.execution.ExecutionStatus;
import io.promptengine.domain.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The execution store, with a database span around each call made inside a trace. */
final class TracedExecutionStore implements ExecutionStore {

    private final ExecutionStore delegate;
    private final DatabaseSpans spans;

    TracedExecutionStore(ExecutionStore delegate, DatabaseSpans spans) {
        this.delegate = delegate;
        this.spans = spans;
    }

    @Override
    public void insert(Execution execution) {
        spans.run("INSERT", () -> delegate.insert(execution));
    }

    @Override
    public Write update(Execution next, ExecutionStatus expected) {
        return spans.call("UPDATE", () -> delegate.update(next, expected));
    }

    @Override
    public Optional<Execution> find(TenantId tenant, ExecutionId id) {
        return spans.call("SELECT", () -> delegate.find(tenant, id));
    }

    @Override
    public Optional<Execution> find(ExecutionId id) {
        return spans.call("SELECT", () -> delegate.find(id));
    }

    @Override
    public ExecutionPage list(TenantId tenant, ExecutionFilter filter, Optional<PageCursor> after, int limit) {
        return spans.call("SELECT", () -> delegate.list(tenant, filter, after, limit));
    }

    @Override
    public Optional<Execution> findByIdempotencyKey(TenantId tenant, String idempotencyKey, Instant from,
            Instant to) {
        return spans.call("SELECT", () -> delegate.findByIdempotencyKey(tenant, idempotencyKey, from, to));
    }

    @Override
    public List<Execution> findByStatus(ExecutionStatus status, Optional<ExecutionId> afterId, int limit) {
        return spans.call("SELECT", () -> delegate.findByStatus(status, afterId, limit));
    }
}
