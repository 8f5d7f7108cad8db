package io.promptengine.adapters.persistence;

/**
 * A sliding-window log: the times of recent events, each with a weight, oldest first, in a ring buffer that
 * grows as needed. Times are nanoseconds since the epoch, rounded up to the log's granularity; events that fall
 * on the same rounded time share one entry, so a log holds at most one entry per granule of its window. An event
 * counts from its time until, and not at, its time plus the window.
 *
 * <p>Not thread-safe: {@link SlidingLogs} guards each log with a lock.
 */
final class SlidingLog {

    private static final int INITIAL_CAPACITY = 8;

    private final long window;
    private final long granularity;
    private long[] times = new long[INITIAL_CAPACITY];
    private long[] weights = new long[INITIAL_CAPACITY];
    private int head;
    private int size;
    private long sum;

    /**
     * @param window how long an event counts, in nanoseconds
     * @param granularity events are kept at multiples of this, in nanoseconds; 1 keeps every time as given
     */
    SlidingLog(long window, long granularity) {
        if (window <= 0 || granularity <= 0) {
            throw new IllegalArgumentException("window and granularity must be positive");
        }
        this.window = window;
        this.granularity = granularity;
    }

    /** Drops the events that no longer count at {@code now}. */
    void evict(long now) {
        long expired = now - window;
        while (size > 0 && times[head] <= expired) {
            sum -= weights[head];
            head = (head + 1) % times.length;
            size--;
        }
    }

    /** The weight of the events kept, all of which count as of the last {@link #evict}. */
    long sum() {
        return sum;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /**
     * Adds an event. One earlier than the newest entry (a clock stepped back, a race between threads) joins the
     * newest, so the log stays in order and the event counts no shorter than it should.
     */
    void add(long at, long weight) {
        if (weight < 0) {
            throw new IllegalArgumentException("weight must not be negative: " + weight);
        }
        long time = roundUp(at);
        if (size > 0) {
            int newest = index(size - 1);
            if (time <= times[newest]) {
                weights[newest] += weight;
                sum += weight;
                return;
            }
        }
        if (size == times.length) {
            grow();
        }
        int slot = index(size);
        times[slot] = time;
        weights[slot] = weight;
        size++;
        sum += weight;
    }

    /**
     * When the sum drops below {@code bound} as the oldest events leave, if no event is added meanwhile; requires
     * {@code sum() >= bound > 0}. Constant time when the oldest entry alone is enough, as for a count at its limit.
     */
    long whenSumBelow(long bound) {
        if (bound <= 0 || sum < bound) {
            throw new IllegalArgumentException("the sum " + sum + " is not at or above " + bound);
        }
        long left = sum;
        for (int i = 0; i < size; i++) {
            int slot = index(i);
            left -= weights[slot];
            if (left < bound) {
                return times[slot] + window;
            }
        }
        throw new IllegalStateException("an empty log sums to 0, below any positive bound");
    }

    private int index(int offset) {
        return (head + offset) % times.length;
    }

    private long roundUp(long at) {
        if (granularity == 1) {
            return at;
        }
        long rest = Math.floorMod(at, granularity);
        return rest == 0 ? at : at - rest + granularity;
    }

    private void grow() {
        long[] newTimes = new long[times.length * 2];
        long[] newWeights = new long[times.length * 2];
        for (int i = 0; i < size; i++) {
            newTimes[i] = times[index(i)];
            newWeights[i] = weights[index(i)];
        }
        times = newTimes;
        weights = newWeights;
        head = 0;
    }
}
