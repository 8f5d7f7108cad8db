package io.promptengine.adapters.persistence;

import io.promptengine.application.port.out.RateLimiter;
import io.promptengine.domain.ratelimit.Allowance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The rate limiter that every instance on one database shares: the same sliding log per bucket as
 * {@link InMemoryRateLimiter}, kept as one row per admitted request, so a bucket admits exactly its limit in any
 * window however many instances serve it.
 *
 * <p>A decision is one transaction: it creates the bucket rows it needs, locks them one by one in key order (so
 * two decisions never deadlock, and decisions on one bucket take turns across instances), counts the requests
 * still in the window and, when every bucket has room, records the request in each: three statements per bucket
 * and a commit. Bucket rows are kept (one per tenant and per key with a limit of its own); expired request rows are
 * deleted by a sweep, at most once per window per instance.
 *
 * <p>Chosen over Bucket4j's PostgreSQL backend, whose buckets are token buckets (refill, burst) rather than the
 * sliding window the {@link RateLimiter} port promises, and whose multi-bucket check is not atomic.
 */
final class JdbiRateLimiter implements RateLimiter {

    private static final long WINDOW_NANOS = WINDOW.toNanos();

    private final Jdbi jdbi;
    private final AtomicLong nextSweep = new AtomicLong(Long.MIN_VALUE);

    JdbiRateLimiter(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Decision acquire(List<Bucket> buckets, Instant now) {
        List<String> keys = new ArrayList<>(buckets.size());
        for (Bucket bucket : buckets) {
            keys.add(bucket.key());
        }
        if (keys.isEmpty() || new HashSet<>(keys).size() != keys.size()) {
            throw new IllegalArgumentException("one or more distinct keys: " + keys);
        }
        long at = Nanos.of(now);
        // read committed (the default of both databases): each statement after a lock sees what its holder committed
        Decision decision = jdbi.inTransaction(handle -> {
            keys.stream().sorted().forEach(key -> lock(handle, key));
            return decide(handle, buckets, at);
        });
        sweepIfDue(at);
        return decision;
    }

    /** Locks the bucket's row, creating it first if this is the bucket's first request ever. */
    private static void lock(Handle handle, String key) {
        if (lockRow(handle, key)) {
            return;
        }
        handle.createUpdate("INSERT INTO rate_limit_buckets (bucket_key) VALUES (:key) ON CONFLICT DO NOTHING")
                .bind("key", key)
                .execute();
        if (!lockRow(handle, key)) {
            throw new IllegalStateException("rate limit bucket " + key + " vanished after it was created");
        }
    }

    private static boolean lockRow(Handle handle, String key) {
        return handle.createQuery("SELECT bucket_key FROM rate_limit_buckets WHERE bucket_key = :key FOR UPDATE")
                .bind("key", key)
                .mapTo(String.class)
                .findOne()
                .isPresent();
    }

    /** With every bucket locked: all of them count the request, or none does. */
    private static Decision decide(Handle handle, List<Bucket> buckets, long now) {
        long expired = now - WINDOW_NANOS;
        List<Log> logs = new ArrayList<>(buckets.size());
        for (Bucket bucket : buckets) {
            logs.add(handle.createQuery("SELECT COUNT(*) AS requests, MIN(at_nanos) AS oldest, "
                            + "MAX(at_nanos) AS newest FROM rate_limit_events "
                            + "WHERE bucket_key = :key AND at_nanos > :expired")
                    .bind("key", bucket.key())
                    .bind("expired", expired)
                    .map((row, context) -> new Log(row.getLong("requests"), row.getLong("oldest"),
                            row.getLong("newest")))
                    .one());
        }
        Limited limited = null;
        for (int i = 0; i < buckets.size(); i++) {
            Bucket bucket = buckets.get(i);
            Log log = logs.get(i);
            if (log.requests() >= bucket.limit()) {
                // the bucket has room again once all but limit - 1 of its requests have left the window: at its
                // limit, when the oldest leaves; above it (a lowered limit), when a later one does
                long freeing = log.requests() == bucket.limit() ? log.oldest() : handle.createQuery("SELECT at_nanos FROM rate_limit_events WHERE bucket_key = :key "
                                + "AND at_nanos > :expired ORDER BY at_nanos LIMIT 1 OFFSET :skip")
                        .bind("key", bucket.key())
                        .bind("expired", expired)
                        .bind("skip", log.requests() - bucket.limit())
                        .mapTo(Long.class)
                        .one();
                Allowance spent = new Allowance(bucket.limit(), 0, Nanos.instant(freeing + WINDOW_NANOS));
                if (limited == null || spent.resetAt().isAfter(limited.allowance().resetAt())) {
                    limited = new Limited(bucket, spent);
                }
            }
        }
        if (limited != null) {
            return limited;
        }
        Allowance tightest = null;
        for (int i = 0; i < buckets.size(); i++) {
            Bucket bucket = buckets.get(i);
            Log log = logs.get(i);
            // a request earlier than the newest one counted (a clock stepped back) counts as if it came with it
            long time = log.requests() == 0 ? now : Math.max(now, log.newest());
            handle.createUpdate("INSERT INTO rate_limit_events (bucket_key, at_nanos) VALUES (:key, :at)")
                    .bind("key", bucket.key())
                    .bind("at", time)
                    .execute();
            long oldest = log.requests() == 0 ? time : log.oldest();
            Allowance allowance = new Allowance(bucket.limit(), (int) (bucket.limit() - log.requests() - 1),
                    Nanos.instant(oldest + WINDOW_NANOS));
            if (tightest == null || allowance.remaining() < tightest.remaining()
                    || allowance.remaining() == tightest.remaining() && allowance.limit() < tightest.limit()) {
                tightest = allowance;
            }
        }
        return new Admitted(tightest);
    }

    /** At most once per window, on the call that finds it due, deletes the expired requests of idle buckets. */
    private void sweepIfDue(long now) {
        long due = nextSweep.get();
        if (now < due || !nextSweep.compareAndSet(due, now + WINDOW_NANOS)) {
            return;
        }
        jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM rate_limit_events WHERE at_nanos <= :expired")
                .bind("expired", now - WINDOW_NANOS)
                .execute());
    }

    /** A bucket's requests in the window: how many, and the times of the oldest and newest (0 when none). */
    private record Log(long requests, long oldest, long newest) {
    }
}
