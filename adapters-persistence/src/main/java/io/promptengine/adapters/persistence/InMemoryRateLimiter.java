package io.promptengine.adapters.persistence;

import io.promptengine.application.port.out.RateLimiter;
import io.promptengine.domain.ratelimit.Allowance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rate limiter of a single instance: a sliding log per bucket, holding the time of every request counted in
 * the last window (requests at the same instant share an entry), so a bucket admits exactly its limit in any
 * window, whatever the concurrency. Deciding costs a lock per bucket and constant time: at the limit, the oldest
 * entry says when the next request is admitted. A bucket holds at most its limit in entries, and is dropped once
 * a window has passed without requests.
 */
public final class InMemoryRateLimiter implements RateLimiter {

    private final SlidingLogs logs = new SlidingLogs(WINDOW.toNanos(), 1);

    @Override
    public Decision acquire(List<Bucket> buckets, Instant now) {
        List<String> keys = new ArrayList<>(buckets.size());
        for (Bucket bucket : buckets) {
            keys.add(bucket.key());
        }
        long at = Nanos.of(now);
        return logs.withLogs(keys, at, counts -> decide(buckets, counts, at));
    }

    /** With every bucket's log locked: all of them count the request, or none does. */
    private static Decision decide(List<Bucket> buckets, List<SlidingLog> counts, long now) {
        Limited limited = null;
        for (int i = 0; i < buckets.size(); i++) {
            Bucket bucket = buckets.get(i);
            SlidingLog count = counts.get(i);
            if (count.sum() >= bucket.limit()) {
                Allowance spent = new Allowance(bucket.limit(), 0, Nanos.instant(count.whenSumBelow(bucket.limit())));
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
            SlidingLog count = counts.get(i);
            count.add(now, 1);
            Allowance allowance = new Allowance(bucket.limit(), (int) (bucket.limit() - count.sum()),
                    Nanos.instant(count.whenSumBelow(count.sum())));
            if (tightest == null || allowance.remaining() < tightest.remaining()
                    || allowance.remaining() == tightest.remaining() && allowance.limit() < tightest.limit()) {
                tightest = allowance;
            }
        }
        return new Admitted(tightest);
    }

    /** How many buckets are kept; for tests of the memory bound. */
    int buckets() {
        return logs.size();
    }
}
