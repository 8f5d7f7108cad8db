package io.promptengine.adapters.persistence;

import io.promptengine.application.port.out.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes executions that ended and were created longer than the retention age ago, oldest first, in batches of
 * {@link #BATCH} rows, each one statement in a transaction of its own, so a purge never holds many locks or a long transaction.
 * Queued and running executions are kept whatever their age: they are still someone's work. Audit events older
 * than the retention age are deleted the same way: the trail keeps as long as the executions it sits beside.
 *
 * <p>Every instance runs it. Two purges at once are safe: each deletes by id the rows it selected, on PostgreSQL
 * skipping those the other has locked, and stops when it finds nothing left to delete. A failed run (the database away) is logged and retried at the next interval.
 */
public final class ExecutionRetention implements AutoCloseable {

    static final int BATCH = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionRetention.class);
    private static final String DELETE_BATCH = "DELETE FROM executions WHERE id IN (SELECT id FROM executions "
            + "WHERE created_at < :cutoff AND status IN ('completed', 'failed', 'cancelled', 'timed_out') "
            + "AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.execution_id = executions.id "
            + "AND d.body IS NULL) ORDER BY created_at LIMIT " + BATCH + "%s)";
    /** Deliveries that are over (delivered or given up) and older than the age, by creation. */
    private static final String DELETE_DELIVERY_BATCH = "DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM "
            + "webhook_deliveries WHERE created_at < :cutoff AND status <> 'pending' ORDER BY created_at LIMIT "
            + BATCH + "%s)";
    private static final String DELETE_AUDIT_BATCH = "DELETE FROM audit_events WHERE id IN (SELECT id FROM "
            + "audit_events WHERE occurred_at < :cutoff ORDER BY occurred_at LIMIT " + BATCH + "%s)";

    private final Jdbi jdbi;
    private final String deleteBatch;
    private final String deleteAuditBatch;
    private final String deleteDeliveryBatch;
    private final Durability durability;
    private final Duration maxAge;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;

    private ExecutionRetention(Jdbi jdbi, boolean skipLocked, Durability durability, Duration maxAge, Clock clock,
            ScheduledExecutorService scheduler) {
        this.jdbi = jdbi;
        this.deleteBatch = DELETE_BATCH.formatted(skipLocked ? " FOR UPDATE SKIP LOCKED" : "");
        this.deleteAuditBatch = DELETE_AUDIT_BATCH.formatted(skipLocked ? " FOR UPDATE SKIP LOCKED" : "");
        this.deleteDeliveryBatch = DELETE_DELIVERY_BATCH.formatted(skipLocked ? " FOR UPDATE SKIP LOCKED" : "");
        this.durability = durability;
        this.maxAge = maxAge;
        this.clock = clock;
        this.scheduler = scheduler;
    }

    /**
     * @param skipLocked whether the database skips rows another purge has locked (PostgreSQL), so that purges on
     *        several instances take different rows instead of queueing behind each other
     */
    static ExecutionRetention start(Jdbi jdbi, boolean skipLocked, Durability durability, Duration maxAge,
            Duration interval, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        if (maxAge.isNegative() || maxAge.isZero() || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("retention age and interval must be positive");
        }
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(work -> {
            Thread thread = new Thread(work, "pe-execution-retention");
            thread.setDaemon(true);
            return thread;
        });
        ExecutionRetention retention = new ExecutionRetention(jdbi, skipLocked, durability, maxAge, clock, scheduler);
        scheduler.scheduleWithFixedDelay(retention::purgeLogged, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return retention;
    }

    /**
     * Deletes every ended execution created before {@code now - maxAge}, but one whose webhook event is still to be
     * rendered, every audit event made before then, and every delivery created before then that is over (succeeded
     * or failed), a batch at a time.
     *
     * @return how many executions and audit events this call deleted
     */
    public long purge(Instant now) {
        Instant cutoff = now.minus(maxAge);
        return purge(deleteBatch, cutoff) + purge(deleteAuditBatch, cutoff) + purge(deleteDeliveryBatch, cutoff);
    }

    private long purge(String sql, Instant cutoff) {
        long deleted = 0;
        while (true) {
            int batch = jdbi.withHandle(handle -> {
                int rows = handle.createUpdate(sql)
                        .bindByType("cutoff", Columns.timestamp(cutoff), OffsetDateTime.class)
                        .execute();
                durability.afterWrite(handle);
                return rows;
            });
            deleted += batch;
            // not "batch < BATCH": a purge on another instance may hold some of the rows this one skipped
            if (batch == 0 || scheduler.isShutdown()) {
                return deleted;
            }
        }
    }

    private void purgeLogged() {
        try {
            long deleted = purge(clock.now());
            if (deleted > 0) {
                LOG.info("Retention deleted {} executions and audit events created more than {} ago", deleted,
                        maxAge);
            }
        } catch (RuntimeException e) {
            LOG.warn("Retention could not delete old executions; retrying at the next run: {}", e.toString());
        }
    }

    /** Stops the background runs, letting a batch in progress finish. Idempotent. */
    @Override
    public void close() {
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
