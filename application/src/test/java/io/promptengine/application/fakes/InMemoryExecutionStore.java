package io.promptengine.application.fakes;

import io.promptengine.application.model.ExecutionFilter;
import io.promptengine.application.port.out.ExecutionPage;
import io.promptengine.application.port.out.ExecutionQueue;
import io.promptengine.application.port.out.ExecutionStore;
import io.promptengine.application.port.out.PageCursor;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionError;
import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.execution.ExecutionStatus;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.tenant.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Executions in a map, with the port's semantics: a compare-and-set {@link #update}, tenant-scoped reads, and
 * keyset pages ordered newest first by creation time then id; and the {@link ExecutionQueue} over the same
 * executions, with leases kept beside them. Thread-safe: every operation holds one lock.
 */
public final class InMemoryExecutionStore implements ExecutionStore, ExecutionQueue {

    /** Newest first: the order of {@link #list}, and of the keys a {@link PageCursor} names. */
    private static final Comparator<Execution> NEWEST_FIRST = Comparator.comparing(Execution::createdAt)
            .thenComparing(execution -> execution.id().value()).reversed();

    private final Map<ExecutionId, Execution> byId = new HashMap<>();
    private final AtomicReference<Runnable> beforeNextUpdate = new AtomicReference<>();
    /** The lease of each claimed execution that is still running; guarded by {@code this}. */
    private final Map<ExecutionId, Lease> leases = new HashMap<>();

    private record Lease(String owner, Instant expires) {
    }

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
            if (stored == null || stored.status() != expected || stored.attempts() > next.attempts()) {
                return Write.STALE;
            }
            byId.put(next.id(), next);
            if (next.status() != ExecutionStatus.RUNNING) {
                leases.remove(next.id());
            }
            return Write.APPLIED;
        }
    }

    @Override
    public synchronized List<Execution> claim(String owner, int limit, Instant now, Duration lease) {
        List<Execution> claimed = findByStatus(ExecutionStatus.QUEUED, Optional.empty(), limit).stream()
                .map(queued -> queued.start(now))
                .toList();
        for (Execution running : claimed) {
            byId.put(running.id(), running);
            leases.put(running.id(), new Lease(owner, now.plus(lease)));
        }
        return claimed;
    }

    @Override
    public synchronized Set<ExecutionId> renew(String owner, Map<ExecutionId, Integer> attempts, Instant until) {
        Set<ExecutionId> lost = new HashSet<>();
        attempts.forEach((id, attempt) -> {
            if (holds(owner, id, attempt)) {
                leases.put(id, new Lease(owner, until));
            } else {
                lost.add(id);
            }
        });
        return lost;
    }

    @Override
    public Write finish(Execution ended) {
        if (!ended.status().isTerminal()) {
            throw new IllegalArgumentException("finish takes an ended execution, not a " + ended.status().wireName()
                    + " one");
        }
        Runnable interloper = beforeNextUpdate.getAndSet(null);
        if (interloper != null) {
            interloper.run();
        }
        synchronized (this) {
            Execution stored = byId.get(ended.id());
            if (stored == null || stored.status() != ExecutionStatus.RUNNING
                    || stored.attempts() != ended.attempts()) {
                return Write.STALE;
            }
            byId.put(ended.id(), ended);
            leases.remove(ended.id());
            return Write.APPLIED;
        }
    }

    @Override
    public synchronized int release(String owner, Map<ExecutionId, Integer> attempts) {
        int released = 0;
        for (Map.Entry<ExecutionId, Integer> held : attempts.entrySet()) {
            if (holds(owner, held.getKey(), held.getValue())) {
                byId.put(held.getKey(), requeued(byId.get(held.getKey())));
                leases.remove(held.getKey());
                released++;
            }
        }
        return released;
    }

    @Override
    public synchronized Reclaimed reclaim(Instant now, int maxAttempts, ExecutionError exhausted, int limit) {
        List<Execution> expired = byId.values().stream()
                .filter(execution -> execution.status() == ExecutionStatus.RUNNING)
                // a running execution without a lease was stored by something other than a claim: nobody renews it
                .filter(execution -> !leases.containsKey(execution.id())
                        || leases.get(execution.id()).expires().isBefore(now))
                .sorted(Comparator.comparing(execution -> execution.id().value()))
                .limit(limit)
                .toList();
        int requeued = 0;
        int failed = 0;
        for (Execution running : expired) {
            leases.remove(running.id());
            if (running.attempts() < maxAttempts) {
                byId.put(running.id(), requeued(running));
                requeued++;
            } else {
                byId.put(running.id(), running.fail(exhausted, Usage.NONE, now));
                failed++;
            }
        }
        return new Reclaimed(requeued, failed);
    }

    /** Whether {@code owner} holds the lease of attempt {@code attempt} of a running execution {@code id}. */
    private boolean holds(String owner, ExecutionId id, int attempt) {
        Execution stored = byId.get(id);
        Lease lease = leases.get(id);
        return stored != null && stored.status() == ExecutionStatus.RUNNING && stored.attempts() == attempt
                && lease != null && lease.owner().equals(owner);
    }

    /** {@code running} back in the queue, its attempts still counted. */
    private static Execution requeued(Execution running) {
        return new Execution(running.id(), running.request(), ExecutionStatus.QUEUED, running.output(),
                running.error(), running.usage(), running.cost(), running.cacheHit(), running.attempts(),
                running.createdAt(), running.startedAt(), Optional.empty());
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
    public synchronized Optional<Execution> findByIdempotencyKey(TenantId tenant, String idempotencyKey,
            Instant from, Instant to) {
        return byId.values().stream()
                .filter(execution -> execution.request().tenantId().equals(tenant))
                .filter(execution -> execution.request().idempotencyKey().equals(Optional.of(idempotencyKey)))
                .filter(execution -> !execution.createdAt().isBefore(from) && !execution.createdAt().isAfter(to))
                .min(NEWEST_FIRST.reversed());
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
