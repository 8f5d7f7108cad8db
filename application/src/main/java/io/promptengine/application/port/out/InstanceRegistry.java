package io.promptengine.application.port.out;

import java.time.Instant;
import java.util.Optional;

/**
 * The server processes (instances) that share the stores, each named uniquely per start, and when each last said
 * it was serving. Another instance uses it to tell whether what an instance holds — an idempotency key in flight —
 * may still be worked on, or was left behind by a process that died.
 *
 * <p>Heartbeats need not be durable: one lost with a crash only makes its instance look gone sooner, which is what
 * it is.
 */
public interface InstanceRegistry {

    /** Records that {@code instance} is serving at {@code now}; an instance calls it regularly while it runs. */
    void heartbeat(String instance, Instant now);

    /**
     * When {@code instance} last reported itself serving; empty when it is known gone: it left, it was never seen,
     * or — on a database that only one process can open — it is not a process that beat through this registry.
     */
    Optional<Instant> lastHeartbeat(String instance);

    /** Removes {@code instance} on a clean stop, after its requests have answered; what it still holds is free. */
    void leave(String instance);
}
