package io.promptengine.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.application.port.out.InstanceRegistry;
import io.promptengine.application.port.out.InstanceRegistryContract;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The registry as instances sharing a database see it, on H2 and PostgreSQL; the H2 tests open it as shared, the
 * way an {@code AUTO_SERVER} or server URL would, since an embedded file answers from this process alone.
 */
@ParameterizedClass
@EnumSource(TestDatabases.Engine.class)
final class JdbiInstanceRegistryTest extends InstanceRegistryContract {

    private static final Instant NOW = Instant.parse("2025-03-01T10:15:30Z");

    @Parameter
    TestDatabases.Engine engine;

    @TempDir
    Path directory;

    private Database database;

    @Override
    protected InstanceRegistry newRegistry() {
        database = engine.open(directory);
        return new JdbiInstanceRegistry(engine.jdbi(directory), false);
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Test
    void givenHeartbeatOfAnotherProcess_anExclusiveDatabase_seesThatInstanceGone() {
        new JdbiInstanceRegistry(engine.jdbi(directory), false).heartbeat("pe-1-killed", NOW);
        JdbiInstanceRegistry restarted = new JdbiInstanceRegistry(engine.jdbi(directory), true);
        restarted.heartbeat("pe-2-restarted", NOW.plusSeconds(1));

        assertThat(restarted.lastHeartbeat("pe-1-killed")).isEmpty();
        assertThat(restarted.lastHeartbeat("pe-2-restarted")).contains(NOW.plusSeconds(1));
    }

    @Test
    void givenInstanceSilentForADay_aHeartbeatOfAnother_forgetsIt() {
        JdbiInstanceRegistry registry = new JdbiInstanceRegistry(engine.jdbi(directory), false);
        registry.heartbeat("pe-1-old", NOW);
        registry.heartbeat("pe-2-recent", NOW.plus(JdbiInstanceRegistry.FORGET_AFTER).minusSeconds(1));

        registry.heartbeat("pe-3-new", NOW.plus(JdbiInstanceRegistry.FORGET_AFTER).plusSeconds(1));

        assertThat(registry.lastHeartbeat("pe-1-old")).isEmpty();
        assertThat(registry.lastHeartbeat("pe-2-recent")).isPresent();
    }
}
