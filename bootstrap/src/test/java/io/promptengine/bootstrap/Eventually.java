package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Bounded polling for what happens on another thread: no fixed sleeps, a deadline, and a failure that says what
 * was awaited and what was last seen.
 */
final class Eventually {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final long FIRST_PAUSE_MILLIS = 2;
    private static final long MAX_PAUSE_MILLIS = 50;

    private Eventually() {
    }

    /** Probes until {@code done} accepts the value, and returns it; fails after {@link #TIMEOUT}. */
    static <T> T await(String what, Supplier<T> probe, Predicate<? super T> done) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        long pause = FIRST_PAUSE_MILLIS;
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() - deadline > 0) {
                fail("Waited %s for %s; last seen: %s", TIMEOUT, what, last);
            }
            pause(pause);
            pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
            last = probe.get();
        }
        return last;
    }

    /** Waits until {@code condition} holds; fails after {@link #TIMEOUT}. */
    static void await(String what, Supplier<Boolean> condition) {
        await(what, condition, Boolean::booleanValue);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
