package io.promptengine.adapters.persistence;

import io.promptengine.application.port.out.TokenMeter;
import io.promptengine.domain.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;

/**
 * The token meter that every instance on one database shares: one row per execution's tokens, at its time rounded
 * up to the second (as {@link InMemoryTokenMeter} keeps them), summed over the window when a request is admitted.
 * Rows older than the window are deleted at most once per window.
 */
final class JdbiTokenMeter implements TokenMeter {

    private static final long WINDOW_NANOS = WINDOW.toNanos();
    private static final long GRANULARITY_NANOS = GRANULARITY.toNanos();

    private final Jdbi jdbi;
    private final AtomicLong nextSweep = new AtomicLong(Long.MIN_VALUE);

    JdbiTokenMeter(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void record(TenantId tenant, long tokens, Instant at) {
        if (tokens < 0) {
            throw new IllegalArgumentException("tokens must not be negative: " + tokens);
        }
        long time = Nanos.of(at);
        long rest = Math.floorMod(time, GRANULARITY_NANOS);
        long rounded = rest == 0 ? time : time - rest + GRANULARITY_NANOS;
        jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO token_meter_events (tenant_id, at_nanos, tokens) "
                        + "VALUES (:tenant, :at, :tokens)")
                .bind("tenant", tenant.value())
                .bind("at", rounded)
                .bind("tokens", tokens)
                .execute());
        sweepIfDue(time);
    }

    @Override
    public Optional<Instant> exhaustedUntil(TenantId tenant, long limit, Instant now) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        List<long[]> used = jdbi.withHandle(handle -> handle.createQuery("SELECT at_nanos, SUM(tokens) AS tokens "
                        + "FROM token_meter_events WHERE tenant_id = :tenant AND at_nanos > :expired "
                        + "GROUP BY at_nanos ORDER BY at_nanos")
                .bind("tenant", tenant.value())
                .bind("expired", Nanos.of(now) - WINDOW_NANOS)
                .map((row, context) -> new long[] {row.getLong("at_nanos"), row.getLong("tokens")})
                .list());
        long left = 0;
        for (long[] second : used) {
            left += second[1];
        }
        if (left < limit) {
            return Optional.empty();
        }
        // the tenant is below its limit again once enough of the oldest seconds have left the window
        for (long[] second : used) {
            left -= second[1];
            if (left < limit) {
                return Optional.of(Nanos.instant(second[0] + WINDOW_NANOS));
            }
        }
        throw new IllegalStateException("an empty window sums to 0, below any positive limit");
    }

    /** At most once per window, on the call that finds it due, deletes the rows that no longer count. */
    private void sweepIfDue(long now) {
        long due = nextSweep.get();
        if (now < due || !nextSweep.compareAndSet(due, now + WINDOW_NANOS)) {
            return;
        }
        jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM token_meter_events WHERE at_nanos <= :expired")
                .bind("expired", now - WINDOW_NANOS - GRANULARITY_NANOS)
                .execute());
    }
}
