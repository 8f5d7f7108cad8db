package io.promptengine.adapters.persistence;

import io.promptengine.application.port.out.TokenMeter;
import io.promptengine.domain.tenant.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token meter that every instance on one database shares: each tenant's tokens per second (a record's time
 * rounded up to the second, as {@link InMemoryTokenMeter} keeps them), summed over the window when a request is
 * admitted. Records are summed in memory and written by a background thread every {@link #FLUSH_INTERVAL}, so
 * the execute path writes nothing and an unreachable database loses nothing while the process lives; this
 * instance counts its own unwritten records at once, another instance's within about a second (the same
 * overshoot the port already allows, as tokens are known only after a call). {@link #close} writes what is left;
 * rows that have left the window are deleted at most once per window.
 */
final class JdbiTokenMeter implements TokenMeter, AutoCloseable {

    static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(JdbiTokenMeter.class);
    private static final long WINDOW_NANOS = WINDOW.toNanos();
    private static final long GRANULARITY_NANOS = GRANULARITY.toNanos();

    private record Key(String tenant, long second) {
    }

    private final Jdbi jdbi;
    private final ConcurrentHashMap<Key, Long> pending = new ConcurrentHashMap<>();
    private final PeriodicFlush flusher;
    /** The latest time recorded here: the sweep's "now", so that it follows the times the meter is given. */
    private final AtomicLong newest = new AtomicLong(Long.MIN_VALUE);
    /** Guarded by {@code this}. */
    private long nextSweep = Long.MIN_VALUE;

    /** Writes every {@link #FLUSH_INTERVAL}; {@link #close} stops it. */
    JdbiTokenMeter(Jdbi jdbi) {
        this(jdbi, FLUSH_INTERVAL);
    }

    /** With a flush interval of the test's choosing; zero writes only on {@link #flush} and {@link #close}. */
    JdbiTokenMeter(Jdbi jdbi, Duration flushInterval) {
        this.jdbi = jdbi;
        this.flusher = new PeriodicFlush("pe-token-meter-flush", flushInterval, this::flushQuietly);
    }

    @Override
    public void record(TenantId tenant, long tokens, Instant at) {
        if (tokens < 0) {
            throw new IllegalArgumentException("tokens must not be negative: " + tokens);
        }
        long time = Nanos.of(at);
        newest.accumulateAndGet(time, Math::max);
        long rest = Math.floorMod(time, GRANULARITY_NANOS);
        pending.merge(new Key(tenant.value(), rest == 0 ? time : time - rest + GRANULARITY_NANOS), tokens, Long::sum);
    }

    @Override
    public Optional<Instant> exhaustedUntil(TenantId tenant, long limit, Instant now) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        long expired = Nanos.of(now) - WINDOW_NANOS;
        TreeMap<Long, Long> used = new TreeMap<>();
        jdbi.useHandle(handle -> handle.createQuery("SELECT at_nanos, SUM(tokens) AS tokens "
                        + "FROM token_meter_events WHERE tenant_id = :tenant AND at_nanos > :expired GROUP BY at_nanos")
                .bind("tenant", tenant.value())
                .bind("expired", expired)
                .map((row, context) -> used.merge(row.getLong("at_nanos"), row.getLong("tokens"), Long::sum))
                .list());
        // a record being written may be counted twice for a moment, never not at all
        pending.forEach((key, tokens) -> {
            if (key.tenant().equals(tenant.value()) && key.second() > expired) {
                used.merge(key.second(), tokens, Long::sum);
            }
        });
        long left = used.values().stream().mapToLong(Long::longValue).sum();
        if (left < limit) {
            return Optional.empty();
        }
        // the tenant is below its limit again once enough of the oldest seconds have left the window
        for (Map.Entry<Long, Long> second : used.entrySet()) {
            left -= second.getValue();
            if (left < limit) {
                return Optional.of(Nanos.instant(second.getKey() + WINDOW_NANOS));
            }
        }
        throw new IllegalStateException("an empty window sums to 0, below any positive limit");
    }

    /**
     * Writes every pending record in one transaction, then takes it out of {@code pending}; on failure they stay
     * pending for the next flush. Also deletes, at most once per window, the rows that no longer count.
     */
    synchronized void flush() {
        Map<Key, Long> batch = Map.copyOf(pending);
        if (!batch.isEmpty()) {
            jdbi.useTransaction(handle -> {
                PreparedBatch insert = handle.prepareBatch(
                        "INSERT INTO token_meter_events (tenant_id, at_nanos, tokens) VALUES (:tenant, :at, :tokens)");
                batch.forEach((key, tokens) -> insert.bind("tenant", key.tenant()).bind("at", key.second())
                        .bind("tokens", tokens).add());
                insert.execute();
            });
            batch.forEach((key, tokens) -> pending.computeIfPresent(key,
                    (k, left) -> left == tokens.longValue() ? null : left - tokens));
        }
        long now = newest.get();
        if (now != Long.MIN_VALUE && now >= nextSweep) {
            jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM token_meter_events WHERE at_nanos <= :expired")
                    .bind("expired", now - WINDOW_NANOS - GRANULARITY_NANOS)
                    .execute());
            nextSweep = now + WINDOW_NANOS;
        }
    }

    /** Stops the background writes and writes what is left. Idempotent. */
    @Override
    public void close() {
        flusher.stop();
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.error("Could not write the token meter before closing; {} tenant-seconds are not shared",
                    pending.size(), e);
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("Could not write the token meter; retrying in {}", FLUSH_INTERVAL, e);
        }
    }
}
