package io.promptengine.adapters.persistence;

import io.promptengine.application.port.out.RateLimiter;
import io.promptengine.application.port.out.RateLimiter.Bucket;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a rate-limit decision costs, in nanoseconds per {@link InMemoryRateLimiter#acquire}. Not a test (surefire
 * does not pick it up): run it by hand after {@code mvn -q -pl adapters-persistence -am test-compile} with
 * <pre>
 * java -cp adapters-persistence/target/test-classes:adapters-persistence/target/classes:application/target/classes:domain/target/classes \
 *     io.promptengine.adapters.persistence.RateLimiterBench
 * </pre>
 * Each case runs warm-up rounds first, so the JIT has compiled the path it measures.
 */
final class RateLimiterBench {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final int OPS = 2_000_000;
    private static final Bucket TENANT = new Bucket("tenant:ten_bench", 5_000);
    private static final Bucket KEY = new Bucket("key:key_bench", 4_000);

    private RateLimiterBench() {
    }

    public static void main(String[] args) throws InterruptedException {
        // just under the limit: every request admitted, the log full, one entry evicted per request
        report("1 bucket, admitted, log at ~5,000 entries", 1, 12_100_000L, List.of(TENANT));
        report("tenant + key buckets, admitted", 1, 15_100_000L, List.of(TENANT, KEY));
        // far over the limit: almost every request refused
        report("1 bucket, refused", 1, 1_000L, List.of(TENANT));
        report("1 bucket, 2 threads on the same bucket", 2, 12_100_000L, List.of(TENANT));
        report("1 bucket each, 2 threads", 2, 12_100_000L, null);
    }

    /** @param stepNanos how far the synthetic clock moves per request, whichever thread sends it */
    private static void report(String name, int threads, long stepNanos, List<Bucket> buckets)
            throws InterruptedException {
        double[] best = {Double.MAX_VALUE, 0};
        for (int round = 0; round < 5; round++) {
            double[] result = run(threads, stepNanos, buckets);
            if (result[0] < best[0]) {
                best = result;
            }
        }
        System.out.printf("%-45s %8.1f ns/op  (%3.0f%% admitted)%n", name, best[0], best[1] * 100);
    }

    /** Nanoseconds of wall time per operation, all threads together, and the share admitted. */
    private static double[] run(int threads, long stepNanos, List<Bucket> shared) throws InterruptedException {
        RateLimiter limiter = new InMemoryRateLimiter();
        AtomicLong clock = new AtomicLong(Nanos.of(T0));
        CountDownLatch done = new CountDownLatch(threads);
        long[] admitted = new long[threads];
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            List<Bucket> buckets = shared != null ? shared : List.of(new Bucket("tenant:ten_" + t, 5_000));
            workers[t] = new Thread(() -> {
                for (int i = 0; i < OPS / threads; i++) {
                    Instant now = Nanos.instant(clock.addAndGet(stepNanos));
                    if (limiter.acquire(buckets, now) instanceof RateLimiter.Admitted) {
                        admitted[id]++;
                    }
                }
                done.countDown();
            });
        }
        long start = System.nanoTime();
        for (Thread worker : workers) {
            worker.start();
        }
        done.await();
        long elapsed = System.nanoTime() - start;
        long total = 0;
        for (long count : admitted) {
            total += count;
        }
        return new double[] {elapsed / (double) OPS, total / (double) OPS};
    }
}
