package io.promptengine.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.application.port.out.RateLimiter;
import io.promptengine.application.port.out.RateLimiter.Admitted;
import io.promptengine.application.port.out.RateLimiter.Bucket;
import io.promptengine.application.port.out.RateLimiterContract;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(TestDatabases.Engine.class)
final class JdbiRateLimiterTest extends RateLimiterContract {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    @Parameter
    TestDatabases.Engine engine;

    @TempDir
    Path directory;

    private final List<Database> databases = new ArrayList<>();

    @Override
    protected RateLimiter newLimiter() {
        return open().sharedRateLimiter();
    }

    @AfterEach
    void closeDatabases() {
        databases.forEach(Database::close);
    }

    /** Two instances: two pools on one database, as two processes would have. */
    @Test
    void givenTwoInstancesOnOneDatabase_fiveTimesTheLimitSpreadOverBoth_admitsExactlyTheLimit() throws Exception {
        List<RateLimiter> instances = List.of(open().sharedRateLimiter(), open().sharedRateLimiter());
        int limit = 20;
        Bucket tenant = new Bucket("tenant:ten_shared", limit);
        Bucket key = new Bucket("key:key_shared", 1_000);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<Future<Boolean>> outcomes = new ArrayList<>();
            for (int i = 0; i < 5 * limit; i++) {
                RateLimiter instance = instances.get(i % 2);
                Instant at = T0.plusMillis(i);
                outcomes.add(threads.submit(() -> {
                    start.await();
                    return instance.acquire(List.of(tenant, key), at) instanceof Admitted;
                }));
            }
            start.countDown();
            int admitted = 0;
            for (Future<Boolean> outcome : outcomes) {
                admitted += outcome.get() ? 1 : 0;
            }

            assertThat(admitted).isEqualTo(limit);
            // the refused requests counted in no bucket: the key's bucket holds the admitted ones only
            assertThat(instances.get(0).acquire(List.of(new Bucket("key:key_shared", limit + 1)), T0.plusSeconds(1)))
                    .isInstanceOf(Admitted.class);
            assertThat(instances.get(1).acquire(List.of(new Bucket("key:key_shared", limit + 1)), T0.plusSeconds(1)))
                    .isNotInstanceOf(Admitted.class);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void expiredRequestsOfIdleBuckets_areDeletedByTheSweep() {
        Database database = open();
        RateLimiter limiter = database.sharedRateLimiter();
        for (int i = 0; i < 50; i++) {
            limiter.acquire(List.of(new Bucket("tenant:ten_" + i, 5)), T0);
        }

        limiter.acquire(List.of(new Bucket("tenant:ten_busy", 5)), T0.plus(RateLimiter.WINDOW));
        limiter.acquire(List.of(new Bucket("tenant:ten_busy", 5)), T0.plus(RateLimiter.WINDOW.multipliedBy(2)));

        long left = engine.jdbi(directory).withHandle(handle -> handle
                .createQuery("SELECT COUNT(*) FROM rate_limit_events").mapTo(Long.class).one());
        assertThat(left).isEqualTo(1);
    }

    private Database open() {
        Database database = engine.open(directory);
        databases.add(database);
        return database;
    }
}
