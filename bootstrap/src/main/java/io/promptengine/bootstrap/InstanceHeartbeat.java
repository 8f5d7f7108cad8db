package io.promptengine.bootstrap;

import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.InstanceRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the other instances on the database that this one is serving: a heartbeat in the {@link InstanceRegistry}
 * now, then at a fixed interval on a daemon thread, and a clean leave on {@link #close}, so that the idempotency
 * keys its requests hold are known to be free. A beat that fails (the database is away) is logged and the next one
 * tried; missing beats only make this instance look gone, which with the database away is near enough the truth.
 */
final class InstanceHeartbeat implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceHeartbeat.class);

    private final InstanceRegistry registry;
    private final String instance;
    private final Clock clock;
    private final ScheduledExecutorService thread;
    private volatile boolean failing;

    private InstanceHeartbeat(InstanceRegistry registry, String instance, Clock clock) {
        this.registry = registry;
        this.instance = instance;
        this.clock = clock;
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread daemon = new Thread(runnable, "pe-instance-heartbeat");
            daemon.setDaemon(true);
            return daemon;
        });
    }

    /** Beats once now (failing if the database cannot take it), then every {@code interval}. */
    static InstanceHeartbeat start(InstanceRegistry registry, String instance, Clock clock, Duration interval) {
        InstanceHeartbeat heartbeat = new InstanceHeartbeat(registry, instance, clock);
        registry.heartbeat(instance, clock.now());
        heartbeat.thread.scheduleWithFixedDelay(heartbeat::beat, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return heartbeat;
    }

    private void beat() {
        try {
            registry.heartbeat(instance, clock.now());
            if (failing) {
                failing = false;
                LOG.info("Instance heartbeat recovered");
            }
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.warn("Could not record this instance's heartbeat; other instances may take its idempotency keys "
                        + "as left by a dead one", e);
            }
        }
    }

    /** Stops beating and leaves the registry; call once this instance's requests have answered. */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
            registry.leave(instance);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Could not remove this instance from the registry; its row ages out", e);
        }
    }
}
