package io.promptengine.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.domain.tenant.TenantId;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link MonthlyTokenUsage} does, as seen by the instance that writes. */
public abstract class MonthlyTokenUsageContract {

    protected static final TenantId ACME = new TenantId("ten_acme");
    protected static final YearMonth JANUARY = YearMonth.of(2025, 1);

    private MonthlyTokenUsage usage;

    /** A new, empty store; called before each test. */
    protected abstract MonthlyTokenUsage newUsage();

    @BeforeEach
    void createUsage() {
        usage = newUsage();
    }

    @Test
    void givenNothingAdded_total_isZero() {
        assertThat(usage.total(ACME, JANUARY)).isZero();
    }

    @Test
    void adds_sumUp() {
        usage.add(ACME, JANUARY, 120);
        usage.add(ACME, JANUARY, 30);
        usage.add(ACME, JANUARY, 0);

        assertThat(usage.total(ACME, JANUARY)).isEqualTo(150);
    }

    @Test
    void monthsAndTenants_areCountedApart() {
        usage.add(ACME, JANUARY, 100);
        usage.add(ACME, JANUARY.plusMonths(1), 7);
        usage.add(new TenantId("ten_globex"), JANUARY, 3);

        assertThat(usage.total(ACME, JANUARY)).isEqualTo(100);
        assertThat(usage.total(ACME, JANUARY.plusMonths(1))).isEqualTo(7);
        assertThat(usage.total(new TenantId("ten_globex"), JANUARY)).isEqualTo(3);
    }

    @Test
    void concurrentAdds_allCount() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                done.add(threads.submit(() -> usage.add(ACME, JANUARY, 25)));
            }
            for (Future<?> future : done) {
                future.get(10, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(usage.total(ACME, JANUARY)).isEqualTo(10_000);
    }

    @Test
    void aLargeTotal_isKeptWhole() {
        usage.add(ACME, JANUARY, 3_000_000_000L);
        usage.add(ACME, JANUARY, 3_000_000_000L);

        assertThat(usage.total(ACME, JANUARY)).isEqualTo(6_000_000_000L);
    }
}
