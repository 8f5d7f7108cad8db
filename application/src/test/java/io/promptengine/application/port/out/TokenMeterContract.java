package io.promptengine.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.domain.tenant.TenantId;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TokenMeter} does. Records fall on whole seconds, where an adapter's coarser time
 * ({@link TokenMeter#GRANULARITY}) changes nothing.
 */
public abstract class TokenMeterContract {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final TenantId ACME = new TenantId("ten_acme");

    private TokenMeter meter;

    /** A new meter that has recorded nothing; called before each test. */
    protected abstract TokenMeter newMeter();

    @BeforeEach
    void createMeter() {
        meter = newMeter();
    }

    @Test
    void givenNothingRecorded_exhaustedUntil_isEmpty() {
        assertThat(meter.exhaustedUntil(ACME, 1, T0)).isEmpty();
    }

    @Test
    void givenFewerTokensThanTheLimit_exhaustedUntil_isEmpty() {
        meter.record(ACME, 600, T0);
        meter.record(ACME, 399, T0.plusSeconds(1));

        assertThat(meter.exhaustedUntil(ACME, 1_000, T0.plusSeconds(2))).isEmpty();
    }

    @Test
    void givenTheLimitReached_exhaustedUntil_isWhenEnoughTokensLeaveTheWindow() {
        meter.record(ACME, 300, T0);
        meter.record(ACME, 500, T0.plusSeconds(10));
        meter.record(ACME, 400, T0.plusSeconds(20));

        // 1,200 used; below 1,000 once the first 300 leave, below 500 once the 500 leave as well
        assertThat(meter.exhaustedUntil(ACME, 1_000, T0.plusSeconds(30))).contains(T0.plusSeconds(60));
        assertThat(meter.exhaustedUntil(ACME, 500, T0.plusSeconds(30))).contains(T0.plusSeconds(70));
    }

    @Test
    void aRecord_countsForOneWindow() {
        meter.record(ACME, 1_000, T0);

        assertThat(meter.exhaustedUntil(ACME, 1_000, T0.plusSeconds(59))).contains(T0.plusSeconds(60));
        assertThat(meter.exhaustedUntil(ACME, 1_000, T0.plusSeconds(60).plus(TokenMeter.GRANULARITY))).isEmpty();
    }

    @Test
    void tenants_areMeteredApart() {
        meter.record(ACME, 1_000, T0);

        assertThat(meter.exhaustedUntil(new TenantId("ten_globex"), 1_000, T0)).isEmpty();
    }

    @Test
    void concurrentRecords_allCount() throws Exception {
        Race.of(200, () -> {
            meter.record(ACME, 5, T0);
            return null;
        });

        assertThat(meter.exhaustedUntil(ACME, 1_001, T0)).isEmpty();
        assertThat(meter.exhaustedUntil(ACME, 1_000, T0)).contains(T0.plusSeconds(60));
    }
}
