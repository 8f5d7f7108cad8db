package io.promptengine.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.domain.tenant.TenantId;
import java.time.YearMonth;
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
        Race.of(200, () -> {
            usage.add(ACME, JANUARY, 25);
            return null;
        });

        assertThat(usage.total(ACME, JANUARY)).isEqualTo(5_000);
    }

    @Test
    void aLargeTotal_isKeptWhole() {
        usage.add(ACME, JANUARY, 3_000_000_000L);
        usage.add(ACME, JANUARY, 3_000_000_000L);

        assertThat(usage.total(ACME, JANUARY)).isEqualTo(6_000_000_000L);
    }
}
