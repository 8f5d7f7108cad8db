package io.promptengine.application.fakes;

import io.promptengine.application.port.out.RateLimiter;
import io.promptengine.domain.ratelimit.Allowance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/** The sliding log in its plainest form: every admitted request's time in a list, one lock for everything. */
public final class FakeRateLimiter implements RateLimiter {

    private final Map<String, List<Instant>> logs = new HashMap<>();

    @Override
    public synchronized Decision acquire(List<Bucket> buckets, Instant now) {
        if (buckets.isEmpty() || new HashSet<>(buckets.stream().map(Bucket::key).toList()).size() != buckets.size()) {
            throw new IllegalArgumentException("one or more buckets with distinct keys: " + buckets);
        }
        Instant since = now.minus(WINDOW);
        for (Bucket bucket : buckets) {
            logs.computeIfAbsent(bucket.key(), key -> new ArrayList<>()).removeIf(t -> !t.isAfter(since));
        }
        List<Limited> full = new ArrayList<>();
        for (Bucket bucket : buckets) {
            List<Instant> log = logs.get(bucket.key());
            if (log.size() >= bucket.limit()) {
                Instant admitsAgain = log.get(log.size() - bucket.limit()).plus(WINDOW);
                full.add(new Limited(bucket, new Allowance(bucket.limit(), 0, admitsAgain)));
            }
        }
        if (!full.isEmpty()) {
            return full.stream().max(Comparator.comparing(limited -> limited.allowance().resetAt())).orElseThrow();
        }
        List<Allowance> after = new ArrayList<>();
        for (Bucket bucket : buckets) {
            List<Instant> log = logs.get(bucket.key());
            Instant newest = log.isEmpty() ? now : log.get(log.size() - 1);
            log.add(now.isBefore(newest) ? newest : now);
            after.add(new Allowance(bucket.limit(), bucket.limit() - log.size(), log.get(0).plus(WINDOW)));
        }
        return new Admitted(after.stream()
                .min(Comparator.comparingInt(Allowance::remaining).thenComparingInt(Allowance::limit))
                .orElseThrow());
    }
}
