package io.promptengine.bench;

import java.util.concurrent.atomic.AtomicInteger;

/** How many of something are open now, and the most that were open at once since the last {@link #resetMax}. */
final class OpenCount {

    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger max = new AtomicInteger();

    /** One more is open; how many are open now. Not yet in the high-water mark: see {@link #noteMax}. */
    int enter() {
        return open.incrementAndGet();
    }

    /** One more is open, counted in the high-water mark at once. */
    void enterCounted() {
        noteMax(enter());
    }

    void noteMax(int now) {
        max.accumulateAndGet(now, Math::max);
    }

    void leave() {
        open.decrementAndGet();
    }

    int now() {
        return open.get();
    }

    int max() {
        return max.get();
    }

    /** Forgets the high-water mark, at the start of a phase. */
    void resetMax() {
        max.set(open.get());
    }
}
