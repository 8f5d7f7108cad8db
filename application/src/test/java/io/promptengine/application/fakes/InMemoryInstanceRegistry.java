package io.promptengine.application.fakes;

import io.promptengine.application.port.out.InstanceRegistry;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** An {@link InstanceRegistry} in a map: the instances that share it are the ones that beat through it. */
public final class InMemoryInstanceRegistry implements InstanceRegistry {

    private final ConcurrentMap<String, Instant> heartbeats = new ConcurrentHashMap<>();

    @Override
    public void heartbeat(String instance, Instant now) {
        heartbeats.put(instance, now);
    }

    @Override
    public Optional<Instant> lastHeartbeat(String instance) {
        return Optional.ofNullable(heartbeats.get(instance));
    }

    @Override
    public void leave(String instance) {
        heartbeats.remove(instance);
    }
}
