package io.promptengine.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.application.port.out.TokenMeter;
import io.promptengine.application.port.out.TokenMeterContract;
import io.promptengine.domain.tenant.TenantId;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryTokenMeterTest extends TokenMeterContract {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final TenantId ACME = new TenantId("ten_acme");

    @Override
    protected TokenMeter newMeter() {
        return new InMemoryTokenMeter();
    }

    @Test
    void aRecordWithinASecond_countsUntilTheWindowAfterTheNextWholeSecond() {
        InMemoryTokenMeter meter = new InMemoryTokenMeter();
        meter.record(ACME, 100, T0.plusMillis(200));
        meter.record(ACME, 100, T0.plusMillis(900));

        assertThat(meter.exhaustedUntil(ACME, 200, T0.plusSeconds(60))).contains(T0.plusSeconds(61));
        assertThat(meter.exhaustedUntil(ACME, 200, T0.plusSeconds(61))).isEmpty();
    }
}
