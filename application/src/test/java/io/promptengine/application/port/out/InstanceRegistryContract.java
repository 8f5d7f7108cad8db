package io.promptengine.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link InstanceRegistry} that several processes share does. Instants are whole microseconds, the
 * finest a registry must keep.
 */
public abstract class InstanceRegistryContract {

    private static final Instant NOW = Instant.parse("2025-03-01T10:15:30.000007Z");

    private InstanceRegistry registry;

    /** A new, empty registry; called before each test. */
    protected abstract InstanceRegistry newRegistry();

    @BeforeEach
    void createRegistry() {
        registry = newRegistry();
    }

    @Test
    void givenUnknownInstance_lastHeartbeat_isEmpty() {
        assertThat(registry.lastHeartbeat("pe-1-never-seen")).isEmpty();
    }

    @Test
    void givenHeartbeats_lastHeartbeat_isTheLatestOfThatInstance() {
        registry.heartbeat("pe-1-a", NOW);
        registry.heartbeat("pe-2-b", NOW.plusSeconds(1));
        registry.heartbeat("pe-1-a", NOW.plusSeconds(10));

        assertThat(registry.lastHeartbeat("pe-1-a")).contains(NOW.plusSeconds(10));
        assertThat(registry.lastHeartbeat("pe-2-b")).contains(NOW.plusSeconds(1));
    }

    @Test
    void givenInstanceThatLeft_lastHeartbeat_isEmptyAndTheOthersStay() {
        registry.heartbeat("pe-1-a", NOW);
        registry.heartbeat("pe-2-b", NOW);

        registry.leave("pe-1-a");

        assertThat(registry.lastHeartbeat("pe-1-a")).isEmpty();
        assertThat(registry.lastHeartbeat("pe-2-b")).contains(NOW);
    }
}
