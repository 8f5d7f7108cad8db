package io.promptengine.adapters.persistence;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon thread of a store that keeps writes in memory and writes them in batches: it runs the store's flush at
 * a fixed delay until {@link #stop}; the store writes what is left itself after stopping it.
 */
final class PeriodicFlush {

    private static final Logger LOG = LoggerFactory.getLogger(PeriodicFlush.class);
    private static final long STOP_WAIT_SECONDS = 5;

    private final String name;
    private final ScheduledExecutorService thread;

    /**
     * @param name the thread's name
     * @param interval the delay between flushes; zero starts no schedule, so the store writes only when asked
     * @param flush must not throw: a throw would end the schedule
     */
    PeriodicFlush(String name, Duration interval, Runnable flush) {
        this.name = name;
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread daemon = new Thread(runnable, name);
            daemon.setDaemon(true);
            return daemon;
        });
        if (!interval.isZero()) {
            thread.scheduleWithFixedDelay(flush, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Stops the schedule, waiting a few seconds for a flush in progress. Idempotent. */
    void stop() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("{} did not stop within {} s", name, STOP_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
