package io.promptengine.bootstrap;

import io.promptengine.application.port.out.WebhookSender;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A webhook sender whose client is started by the first URL check or delivery, not with the engine: starting Jetty's
 * client (its thread pool, and TLS with the JDK's trust store) took about 0.2 s of the server's start-up, which a
 * server that has no webhook, or none due yet, does not need before its first request. The settings it starts with
 * are read and checked at the engine's start as before; only the client waits. Closing it stops the client if it
 * was started; a delivery after that fails as a connection that could not be made.
 */
final class LazyWebhookSender<S extends WebhookSender & AutoCloseable> implements WebhookSender, AutoCloseable {

    private final Supplier<S> start;
    /** Guarded by {@code this}. */
    private S started;
    /** Guarded by {@code this}. */
    private boolean closed;

    LazyWebhookSender(Supplier<S> start) {
        this.start = Objects.requireNonNull(start, "start");
    }

    /** Whether the client has been started (for its tests). */
    synchronized boolean isStarted() {
        return started != null;
    }

    @Override
    public Optional<String> refusal(URI url) {
        Optional<S> sender = sender();
        return sender.isPresent() ? sender.get().refusal(url) : Optional.of("webhooks are stopped: the server is "
                + "shutting down");
    }

    @Override
    public Attempt send(URI url, Map<String, String> headers, byte[] body) {
        Optional<S> sender = sender();
        return sender.isPresent() ? sender.get().send(url, headers, body)
                : new Attempt.Failed(Reason.CONNECTION_FAILED, "the server is shutting down", Duration.ZERO);
    }

    /** The started sender, started now if it was not; empty once closed and never started. */
    private synchronized Optional<S> sender() {
        if (started == null && !closed) {
            started = Objects.requireNonNull(start.get(), "start returned null");
        }
        return Optional.ofNullable(started);
    }

    @Override
    public synchronized void close() throws Exception {
        closed = true;
        if (started != null) {
            started.close();
        }
    }
}
