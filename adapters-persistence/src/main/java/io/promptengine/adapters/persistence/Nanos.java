package io.promptengine.adapters.persistence;

import java.time.Instant;

/** Instants as nanoseconds since the epoch, the time of {@link SlidingLog}: exact, and good until 2262. */
final class Nanos {

    private static final long PER_SECOND = 1_000_000_000L;

    private Nanos() {
    }

    static long of(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), PER_SECOND), instant.getNano());
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, PER_SECOND), Math.floorMod(nanos, PER_SECOND));
    }
}
