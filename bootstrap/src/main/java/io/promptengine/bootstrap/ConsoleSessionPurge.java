package io.promptengine.bootstrap;

import io.promptengine.application.port.in.ConsoleSessionUseCases;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the console's expired sessions now and then, on a daemon thread, on every instance (a delete by expiry,
 * so two at once only share the work). An expired session is refused whether or not it has been deleted: this only
 * keeps the table from growing with sessions nobody signed out of. A failed run is logged and retried.
 */
final class ConsoleSessionPurge implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSessionPurge.class);

    private final ConsoleSessionUseCases sessions;
    private final ScheduledExecutorService thread;

    private ConsoleSessionPurge(ConsoleSessionUseCases sessions) {
        this.sessions = sessions;
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread daemon = new Thread(runnable, "pe-console-session-purge");
            daemon.setDaemon(true);
            return daemon;
        });
    }

    static ConsoleSessionPurge start(ConsoleSessionUseCases sessions, Duration interval) {
        ConsoleSessionPurge purge = new ConsoleSessionPurge(sessions);
        purge.thread.scheduleWithFixedDelay(purge::purge, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return purge;
    }

    private void purge() {
        try {
            int deleted = sessions.purgeExpired();
            if (deleted > 0) {
                LOG.debug("Deleted {} expired console sessions", deleted);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not delete expired console sessions; retrying at the next run: {}", e.toString());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
