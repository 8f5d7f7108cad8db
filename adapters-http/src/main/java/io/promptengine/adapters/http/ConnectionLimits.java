package io.promptengine.adapters.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the server waits for a client, and for how many: what keeps slow or idle clients from holding the
 * connections and threads that other requests need.
 *
 * @param headTimeout a request's line and headers must have arrived this long after their first byte, however
 *     steadily they trickle in; the idle timeout alone would never end a head sent a byte a second
 * @param bodyTimeout a request's body must have arrived this long after its head; a request whose body is read
 *     slower is cut off, and so is the thread that waits for it
 * @param idleTimeout a connection on which nothing moves for this long is closed, between requests too
 * @param maxConnections open connections beyond this wait to be accepted until others close
 */
public record ConnectionLimits(Duration headTimeout, Duration bodyTimeout, Duration idleTimeout, int maxConnections) {

    public static final Duration DEFAULT_HEAD_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_CONNECTIONS = 4_096;
    /** Deadlines are checked about this often, so each is kept to within this much. */
    static final Duration MIN_TIMEOUT = Duration.ofMillis(100);

    public ConnectionLimits {
        requireAtLeastMinimum(headTimeout, "headTimeout");
        requireAtLeastMinimum(bodyTimeout, "bodyTimeout");
        requireAtLeastMinimum(idleTimeout, "idleTimeout");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
        }
    }

    /** Heads within 10 s, bodies within 30 s, 30 s idle, 4,096 connections. */
    public static ConnectionLimits defaults() {
        return new ConnectionLimits(DEFAULT_HEAD_TIMEOUT, DEFAULT_BODY_TIMEOUT, DEFAULT_IDLE_TIMEOUT,
                DEFAULT_MAX_CONNECTIONS);
    }

    private static void requireAtLeastMinimum(Duration timeout, String name) {
        Objects.requireNonNull(timeout, name);
        if (timeout.compareTo(MIN_TIMEOUT) < 0) {
            throw new IllegalArgumentException(name + " must be at least " + MIN_TIMEOUT.toMillis() + " ms: " + timeout);
        }
    }
}
