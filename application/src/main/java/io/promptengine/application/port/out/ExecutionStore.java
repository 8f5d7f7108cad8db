package io.promptengine.application.port.out;

import io.promptengine.application.model.ExecutionFilter;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.execution.ExecutionStatus;
import io.promptengine.domain.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Durable record of every execution. Writes are durable when the method returns. */
public interface ExecutionStore {

    /** Stores a new execution; its id is new. */
    void insert(Execution execution);

    /**
     * Replaces the stored execution with {@code next} only if its stored status is still {@code expected} and its
     * stored attempt is not newer than {@code next}'s: the compare-and-set that keeps a worker's late answer from
     * overwriting a cancel, and a cancel read before a lease was reclaimed from writing back the older attempt.
     */
    Write update(Execution next, ExecutionStatus expected);

    /** The execution if it belongs to {@code tenant}; another tenant's is as absent as a missing one. */
    Optional<Execution> find(TenantId tenant, ExecutionId id);

    /** Any tenant's execution: for workers, which act for the system. */
    Optional<Execution> find(ExecutionId id);

    /** A page of one tenant's executions, newest first, starting after {@code after} when given. */
    ExecutionPage list(TenantId tenant, ExecutionFilter filter, Optional<PageCursor> after, int limit);

    /**
     * The oldest execution of {@code tenant} made for {@code idempotencyKey} and created within {@code from} to
     * {@code to} (both included): what the request that held the key over that time started, if it started one.
     */
    Optional<Execution> findByIdempotencyKey(TenantId tenant, String idempotencyKey, Instant from, Instant to);

    /** Up to {@code limit} executions in {@code status} with ids greater than {@code afterId}, by id. */
    List<Execution> findByStatus(ExecutionStatus status, Optional<ExecutionId> afterId, int limit);

    /** The outcome of a conditional {@link #update}. */
    enum Write {
        /** The stored execution now is {@code next}. */
        APPLIED,
        /** The stored status was no longer the expected one; nothing was written. */
        STALE
    }
}
