package io.promptengine.adapters.persistence;

import io.promptengine.application.port.out.MonthlyTokenUsage;
import io.promptengine.domain.tenant.TenantId;
import java.time.Duration;
import java.time.YearMonth;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Monthly token totals, one row per tenant and month. Charges are summed in memory and written by a background
 * thread every {@link #FLUSH_INTERVAL}: one update per tenant and month however many executions ran, and none on
 * the execute path; {@link #close} writes what is left. A process that dies loses the charges of its last
 * interval. Totals read from the table are cached for {@link #CACHE_TTL_NANOS}; this instance's charges not yet
 * written are always added, so it sees its own charges at once and another instance's within about two seconds.
 */
final class JdbiMonthlyTokenUsage implements MonthlyTokenUsage, AutoCloseable {

    static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);
    static final long CACHE_TTL_NANOS = 1_000_000_000L;
    static final int CACHE_MAX_ENTRIES = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(JdbiMonthlyTokenUsage.class);
    private static final int WRITE_ATTEMPTS = 2;

    private record Key(String tenant, String month) {
    }

    /** A total as read or written at {@code loadedAt} ({@link System#nanoTime} scale). */
    private record Cached(long tokens, long loadedAt) {
    }

    private final Jdbi jdbi;
    private final Durability durability;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<Key, Long> pending = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Key, Cached> cache = new ConcurrentHashMap<>();
    private final PeriodicFlush flusher;

    JdbiMonthlyTokenUsage(Jdbi jdbi, Durability durability) {
        this(jdbi, durability, System::nanoTime, FLUSH_INTERVAL);
    }

    /** With a clock of our own and a flush interval, so that tests need not wait; zero flushes only on demand. */
    JdbiMonthlyTokenUsage(Jdbi jdbi, Durability durability, LongSupplier nanoTime, Duration flushInterval) {
        this.jdbi = jdbi;
        this.durability = durability;
        this.nanoTime = nanoTime;
        this.flusher = new PeriodicFlush("pe-token-usage-flush", flushInterval, this::flushQuietly);
    }

    @Override
    public void add(TenantId tenant, YearMonth month, long tokens) {
        if (tokens < 0) {
            throw new IllegalArgumentException("tokens must not be negative: " + tokens);
        }
        if (tokens > 0) {
            pending.merge(key(tenant, month), tokens, Long::sum);
        }
    }

    @Override
    public long total(TenantId tenant, YearMonth month) {
        Key key = key(tenant, month);
        Cached cached = cache.get(key);
        long now = nanoTime.getAsLong();
        if (cached == null || now - cached.loadedAt >= CACHE_TTL_NANOS) {
            cached = load(key);
        }
        return cached.tokens + pending.getOrDefault(key, 0L);
    }

    /**
     * Writes every pending charge. A charge is taken out of {@code pending} only after the cache holds the total
     * that includes it, so a concurrent reader may briefly count it twice, never not at all. Reloads are
     * serialised with flushes so that a slow reload cannot cache a total from before a flush.
     */
    synchronized void flush() {
        for (Key key : pending.keySet()) {
            Long delta = pending.get(key);
            if (delta == null) {
                continue;
            }
            long total = write(key, delta);
            remember(key, new Cached(total, nanoTime.getAsLong()));
            pending.computeIfPresent(key, (k, left) -> left == delta.longValue() ? null : left - delta);
        }
    }

    /** Stops the background flush and writes what is left. */
    @Override
    public void close() {
        flusher.stop();
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.error("Could not write monthly token usage before closing; {} tenant-months lose their latest "
                    + "charges", pending.size(), e);
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            // the charges stay pending and the next flush tries again
            LOG.warn("Could not write monthly token usage; retrying in {}", FLUSH_INTERVAL, e);
        }
    }

    private synchronized Cached load(Key key) {
        long loadedAt = nanoTime.getAsLong();
        long tokens = jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT tokens FROM monthly_token_usage WHERE tenant_id = :tenant AND usage_month = :month")
                .bind("tenant", key.tenant())
                .bind("month", key.month())
                .mapTo(Long.class)
                .findOne()
                .orElse(0L));
        Cached cached = new Cached(tokens, loadedAt);
        remember(key, cached);
        return cached;
    }

    /** Adds {@code delta} to the row, creating it if need be; returns the new total. */
    private long write(Key key, long delta) {
        for (int attempt = 1; ; attempt++) {
            try {
                long total = jdbi.inTransaction(handle -> {
                    int updated = statement(handle, "UPDATE monthly_token_usage SET tokens = tokens + :delta "
                            + "WHERE tenant_id = :tenant AND usage_month = :month", key, delta);
                    if (updated == 0) {
                        statement(handle, "INSERT INTO monthly_token_usage (tenant_id, usage_month, tokens) "
                                + "VALUES (:tenant, :month, :delta)", key, delta);
                    }
                    return handle.createQuery("SELECT tokens FROM monthly_token_usage "
                                    + "WHERE tenant_id = :tenant AND usage_month = :month")
                            .bind("tenant", key.tenant())
                            .bind("month", key.month())
                            .mapTo(Long.class)
                            .one();
                });
                jdbi.useHandle(durability::afterWrite);
                return total;
            } catch (RuntimeException e) {
                // another instance inserted the row first: the update finds it now
                if (attempt >= WRITE_ATTEMPTS || !UniqueViolation.causes(e)) {
                    throw e;
                }
            }
        }
    }

    private static int statement(Handle handle, String sql, Key key, long delta) {
        return handle.createUpdate(sql)
                .bind("tenant", key.tenant())
                .bind("month", key.month())
                .bind("delta", delta)
                .execute();
    }

    private void remember(Key key, Cached entry) {
        if (cache.size() >= CACHE_MAX_ENTRIES && !cache.containsKey(key)) {
            long now = nanoTime.getAsLong();
            cache.values().removeIf(old -> now - old.loadedAt >= CACHE_TTL_NANOS);
            if (cache.size() >= CACHE_MAX_ENTRIES) {
                return;
            }
        }
        cache.put(key, entry);
    }

    private static Key key(TenantId tenant, YearMonth month) {
        return new Key(tenant.value(), month.toString());
    }
}
