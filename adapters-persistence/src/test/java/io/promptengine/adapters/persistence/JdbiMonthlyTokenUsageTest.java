package io.promptengine.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.application.port.out.MonthlyTokenUsage;
import io.promptengine.application.port.out.MonthlyTokenUsageContract;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(TestDatabases.Engine.class)
final class JdbiMonthlyTokenUsageTest extends MonthlyTokenUsageContract {

    @Parameter
    TestDatabases.Engine engine;

    @TempDir
    Path directory;

    private Database database;

    @Override
    protected MonthlyTokenUsage newUsage() {
        database = engine.open(directory);
        return database.monthlyTokenUsage();
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Test
    void totals_surviveARestart() {
        database.monthlyTokenUsage().add(ACME, JANUARY, 1_234);
        database.close();

        database = engine.open(directory);

        assertThat(database.monthlyTokenUsage().total(ACME, JANUARY)).isEqualTo(1_234);
    }

    @Test
    void afterAFlush_anotherInstanceSeesTheTotalOnceItsCacheExpires() {
        Jdbi jdbi = engine.jdbi(directory);
        AtomicLong nanos = new AtomicLong();
        try (JdbiMonthlyTokenUsage mine = new JdbiMonthlyTokenUsage(jdbi, Durability.ON_COMMIT, nanos::get,
                Duration.ZERO);
                JdbiMonthlyTokenUsage theirs = new JdbiMonthlyTokenUsage(jdbi, Durability.ON_COMMIT, nanos::get,
                        Duration.ZERO)) {
            mine.add(ACME, JANUARY, 10);
            mine.flush();
            assertThat(theirs.total(ACME, JANUARY)).isEqualTo(10);

            theirs.add(ACME, JANUARY, 5);
            theirs.flush();
            mine.add(ACME, JANUARY, 1);
            mine.flush();

            assertThat(theirs.total(ACME, JANUARY)).isEqualTo(15);
            assertThat(mine.total(ACME, JANUARY)).isEqualTo(16);
            nanos.addAndGet(JdbiMonthlyTokenUsage.CACHE_TTL_NANOS);
            assertThat(theirs.total(ACME, JANUARY)).isEqualTo(16);
        }
    }

    @Test
    void aFlush_writesOneRowPerTenantAndMonth() {
        Jdbi jdbi = engine.jdbi(directory);
        try (JdbiMonthlyTokenUsage usage = new JdbiMonthlyTokenUsage(jdbi, Durability.ON_COMMIT, System::nanoTime,
                Duration.ZERO)) {
            for (int i = 0; i < 100; i++) {
                usage.add(ACME, JANUARY, 3);
            }
            assertThat(rows(jdbi)).isZero();

            usage.flush();

            assertThat(rows(jdbi)).isEqualTo(1);
            long stored = jdbi.withHandle(h -> h.createQuery("SELECT tokens FROM monthly_token_usage")
                    .mapTo(Long.class).one());
            assertThat(stored).isEqualTo(300);
        }
    }

    @Test
    void theBackgroundFlush_writesWithoutBeingAsked() throws InterruptedException {
        Jdbi jdbi = engine.jdbi(directory);
        try (JdbiMonthlyTokenUsage usage = new JdbiMonthlyTokenUsage(jdbi, Durability.ON_COMMIT, System::nanoTime,
                Duration.ofMillis(20))) {
            usage.add(ACME, JANUARY, 42);

            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (rows(jdbi) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }

            assertThat(rows(jdbi)).isEqualTo(1);
        }
    }

    private static int rows(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM monthly_token_usage").mapTo(Integer.class).one());
    }
}
