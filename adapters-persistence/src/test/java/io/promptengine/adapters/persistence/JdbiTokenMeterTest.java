package io.promptengine.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.application.port.out.TokenMeter;
import io.promptengine.application.port.out.TokenMeterContract;
import io.promptengine.domain.tenant.TenantId;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(TestDatabases.Engine.class)
final class JdbiTokenMeterTest extends TokenMeterContract {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final TenantId ACME = new TenantId("ten_acme");

    @Parameter
    TestDatabases.Engine engine;

    @TempDir
    Path directory;

    private final List<Database> databases = new ArrayList<>();

    @Override
    protected TokenMeter newMeter() {
        return open().sharedTokenMeter();
    }

    @AfterEach
    void closeDatabases() {
        databases.forEach(Database::close);
    }

    @Test
    void tokensRecordedByOneInstance_countOnAnotherOnceWritten() {
        open();
        JdbiTokenMeter mine = new JdbiTokenMeter(engine.jdbi(directory), Duration.ZERO);
        JdbiTokenMeter theirs = new JdbiTokenMeter(engine.jdbi(directory), Duration.ZERO);

        mine.record(ACME, 600, T0.plusMillis(200));
        theirs.record(ACME, 400, T0.plusSeconds(5));
        assertThat(theirs.exhaustedUntil(ACME, 1_000, T0.plusSeconds(10))).isEmpty();
        mine.flush();

        assertThat(theirs.exhaustedUntil(ACME, 1_000, T0.plusSeconds(10))).contains(T0.plusSeconds(61));
        assertThat(mine.exhaustedUntil(ACME, 601, T0.plusSeconds(10))).isEmpty();
        theirs.close();
        assertThat(mine.exhaustedUntil(ACME, 1_000, T0.plusSeconds(10))).contains(T0.plusSeconds(61));
        mine.close();
    }

    @Test
    void givenWrittenRecords_flushAgain_doesNotCountThemTwice() {
        open();
        JdbiTokenMeter meter = new JdbiTokenMeter(engine.jdbi(directory), Duration.ZERO);
        meter.record(ACME, 500, T0);
        meter.flush();
        meter.flush();

        assertThat(meter.exhaustedUntil(ACME, 501, T0.plusSeconds(1))).isEmpty();
        assertThat(meter.exhaustedUntil(ACME, 500, T0.plusSeconds(1))).contains(T0.plusSeconds(60));
        meter.close();
    }

    @Test
    void rowsThatLeftTheWindow_areDeletedByALaterFlush() {
        open();
        JdbiTokenMeter meter = new JdbiTokenMeter(engine.jdbi(directory), Duration.ZERO);
        meter.record(ACME, 500, T0);
        meter.flush();
        meter.record(ACME, 100, T0.plus(TokenMeter.WINDOW.multipliedBy(2)));
        meter.flush();
        meter.close();

        long rows = engine.jdbi(directory).withHandle(handle -> handle
                .createQuery("SELECT COUNT(*) FROM token_meter_events").mapTo(Long.class).one());
        assertThat(rows).isEqualTo(1);
    }

    private Database open() {
        Database database = engine.open(directory);
        databases.add(database);
        return database;
    }
}
