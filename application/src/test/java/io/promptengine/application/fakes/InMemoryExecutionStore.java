package io.promptengine.application.fakes;

import io.promptengine.application.port.out.ExecutionFilter;
import io.promptengine.application.port.out.ExecutionPage;
import io.promptengine.application.port.out.ExecutionStore;
import io.promptengine.application.port.out.PageCursor;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.execution.ExecutionStatus;
import io.promptengine.domain.tenant.TenantId;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Executions in a map, with the port's semantics: a compare-and-set {@link #update}, tenant-scoped reads, and
 * keyset pages ordered newest first by creation time then id. Thread-safe: every operation holds one lock.
 */
public final class InMemoryExecutionStore implements ExecutionStore {

    /** Newest first: the order of {@link #list}, and of the keys a {@link PageCursor} names. */
    private static final Comparator<Execution> NEWEST_FIRST = Comparator.comparing(Execution::createdAt)
            .thenComparing(execution -> execution.id().value()).reversed();

    private final Map<ExecutionId, Execution> byId = new HashMap<>();
    private final AtomicReference<Runnable> beforeNextUpdate = new AtomicReference<>();

    @Override
    public synchronized void insert(Execution execution) {
        if (byId.putIfAbsent(execution.id(), execution) != null) {
            throw new IllegalStateException("execution " + execution.id() + " is already stored");
        }
    }

    @Override
    public Write update(Execution next, ExecutionStatus expected) {
        Runnable interloper = beforeNextUpdate.getAndSet(null);
        if (interloper != null) {
            interloper.run();
        }
        synchronized (this) {
            Execution stored = byId.get(next.id());
            if (stored == null || stored.status() != expected) {
                return Write.STALE;
            }
            byId.put(next.id(), next);
            return Write.APPLIED;
        }
    }

    @Override
    public synchronized Optional<Execution> find(TenantId tenant, ExecutionId id) {
        return find(id).filter(execution -> execution.request().tenantId().equals(tenant));
    }

    @Override
    public synchronized Optional<Execution> find(ExecutionId id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public synchronized ExecutionPage list(TenantId tenant, ExecutionFilter filter, Optional<PageCursor> after,
            int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        List<Execution> matching = byId.values().stream()
                .filter(execution -> execution.request().tenantId().equals(tenant))
                .filter(execution -> matches(filter, execution))
                .filter(execution -> after.map(cursor -> isAfter(execution, cursor)).orElse(true))
                .sorted(NEWEST_FIRST)
                .limit(limit + 1L)
                .collect(Collectors.toList());
        if (matching.size() <= limit) {
            return new ExecutionPage(matching, Optional.empty());
        }
        List<Execution> page = matching.subList(0, limit);
        Execution last = page.get(limit - 1);
        return new ExecutionPage(page, Optional.of(new PageCursor(last.createdAt(), last.id())));
    }

    @Override
    public synchronized List<Execution> findByStatus(ExecutionStatus status, Optional<ExecutionId> afterId,
            int limit) {
        return byId.values().stream()
                .filter(execution -> execution.status() == status)
                .filter(execution -> afterId.map(id -> execution.id().value().compareTo(id.value()) > 0).orElse(true))
                .sorted(Comparator.comparing(execution -> execution.id().value()))
                .limit(limit)
                .collect(Collectors.toList());
    }

    /**
     * Runs {@code action} at the start of the next {@link #update}, before its compare-and-set: lets a test put
     * another writer (a worker, a second cancel) between a service's read and its conditional write.
     */
    public void beforeNextUpdate(Runnable action) {
        beforeNextUpdate.set(action);
    }

    /** Every stored execution, in no particular order. */
    public synchronized List<Execution> all() {
        return List.copyOf(byId.values());
    }

    private static boolean matches(ExecutionFilter filter, Execution execution) {
        return filter.status().map(status -> execution.status() == status).orElse(true)
                && filter.model().map(model -> execution.request().model().equals(model)).orElse(true)
                && filter.source().map(source -> execution.request().source() == source).orElse(true)
                && filter.createdFrom().map(from -> !execution.createdAt().isBefore(from)).orElse(true)
                && filter.createdBefore().map(before -> execution.createdAt().isBefore(before)).orElse(true);
    }

    /** Whether {@code execution} comes strictly after the cursor's position in newest-first order. */
    private static boolean isAfter(Execution execution, PageCursor cursor) {
        int byTime = execution.createdAt().compareTo(cursor.createdAt());
        return byTime < 0 || byTime == 0 && execution.id().value().compareTo(cursor.id().value()) < 0;
    }
}
