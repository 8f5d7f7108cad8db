package io.promptengine.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.application.model.AuditFilter;
import io.promptengine.application.port.out.AuditEventStoreContract;
import io.promptengine.domain.audit.Actor;
import io.promptengine.domain.audit.AuditAction;
import io.promptengine.domain.audit.AuditEvent;
import io.promptengine.domain.ratelimit.Plan;
import io.promptengine.domain.ratelimit.RateLimitPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(TestDatabases.Engine.class)
final class JdbiAuditEventStoreTest extends AuditEventStoreContract {

    @Parameter
    TestDatabases.Engine engine;

    @TempDir
    Path directory;

    private Database database;

    @Override
    protected Stores newStores() {
        database = engine.open(directory);
        return new Stores(database.auditEvents(), database.tenants(), database.plans(), database.apiKeys(),
                database.endpoints(), database.prompts());
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Test
    void retention_deletesAuditEventsOlderThanTheAgeInBatchesAndKeepsTheRest() {
        Instant now = Instant.parse("2026-03-31T00:00:00Z");
        Instant old = now.minus(Duration.ofDays(31));
        int oldEvents = ExecutionRetention.BATCH + 3;
        for (int i = 0; i < oldEvents; i++) {
            plan("aud_old_" + i, old.plusSeconds(i));
        }
        plan("aud_recent", now.minus(Duration.ofDays(29)));

        try (ExecutionRetention retention = database.startRetention(Duration.ofDays(30), Duration.ofDays(1),
                () -> Instant.parse("2000-01-01T00:00:00Z"))) {
            assertThat(retention.purge(now)).isEqualTo(oldEvents);
            assertThat(retention.purge(now)).isZero();
        }

        assertThat(database.auditEvents().list(Optional.empty(), AuditFilter.NONE, Optional.empty(), 10).items())
                .extracting(AuditEvent::id).containsExactly("aud_recent");
    }

    private void plan(String eventId, Instant at) {
        String name = eventId.replace('_', '-');
        database.plans().insert(Plan.custom(name, RateLimitPolicy.requestsPerMinute(1)), Optional.of(
                new AuditEvent(eventId, Optional.empty(), Actor.OPERATOR, AuditAction.PLAN_CREATED, name, Map.of(),
                        Map.of(), at, Optional.empty())));
    }
}
