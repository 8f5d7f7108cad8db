package io.promptengine.adapters.persistence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * {@link SlidingLog}s by key, each behind its own lock, so that work on one key never waits for another. Several
 * logs are locked in the order of their keys, whatever order the caller names them in, so two callers cannot
 * deadlock. Memory stays bounded by the active keys: once per window, logs whose events have all expired are
 * dropped, and a caller that raced with the drop retries on a fresh log, so no event is lost.
 */
final class SlidingLogs {

    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        final SlidingLog log;
        /** Set, under the lock, once the entry has left the map; a caller that still holds it must look again. */
        boolean dropped;

        Entry(SlidingLog log) {
            this.log = log;
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final long window;
    private final long granularity;
    private final AtomicLong nextSweep = new AtomicLong(Long.MIN_VALUE);

    /** In nanoseconds, as {@link SlidingLog} takes them. */
    SlidingLogs(long window, long granularity) {
        this.window = window;
        this.granularity = granularity;
    }

    /**
     * Runs {@code action} on the logs of {@code keys}, in the order given, with all of them locked and evicted to
     * {@code now}. Keys must be distinct.
     */
    <R> R withLogs(List<String> keys, long now, Function<List<SlidingLog>, R> action) {
        if (keys.isEmpty() || new HashSet<>(keys).size() != keys.size()) {
            throw new IllegalArgumentException("one or more distinct keys: " + keys);
        }
        String[] lockOrder = keys.toArray(String[]::new);
        Arrays.sort(lockOrder);
        R result = withLocked(keys, lockOrder, now, action);
        sweepIfDue(now);
        return result;
    }

    /** How many logs are kept; for tests of the memory bound. */
    int size() {
        return entries.size();
    }

    private <R> R withLocked(List<String> keys, String[] lockOrder, long now, Function<List<SlidingLog>, R> action) {
        while (true) {
            List<Entry> locked = new ArrayList<>(lockOrder.length);
            try {
                boolean stale = false;
                for (String key : lockOrder) {
                    Entry entry = entries.computeIfAbsent(key, k -> new Entry(new SlidingLog(window, granularity)));
                    entry.lock.lock();
                    locked.add(entry);
                    if (entry.dropped) {
                        stale = true;
                        break;
                    }
                }
                if (!stale) {
                    List<SlidingLog> logs = new ArrayList<>(keys.size());
                    for (String key : keys) {
                        SlidingLog log = locked.get(Arrays.binarySearch(lockOrder, key)).log;
                        log.evict(now);
                        logs.add(log);
                    }
                    return action.apply(logs);
                }
            } finally {
                for (int i = locked.size() - 1; i >= 0; i--) {
                    locked.get(i).lock.unlock();
                }
            }
        }
    }

    /** At most once per window, on the thread that finds it due, drops the logs that have nothing left to count. */
    private void sweepIfDue(long now) {
        long due = nextSweep.get();
        if (now < due || !nextSweep.compareAndSet(due, now + window)) {
            return;
        }
        for (Map.Entry<String, Entry> kept : entries.entrySet()) {
            Entry entry = kept.getValue();
            // a busy log is in use, so not idle: leave it for the next sweep rather than wait
            if (entry.lock.tryLock()) {
                try {
                    entry.log.evict(now);
                    if (entry.log.isEmpty()) {
                        entry.dropped = true;
                        entries.remove(kept.getKey(), entry);
                    }
                } finally {
                    entry.lock.unlock();
                }
            }
        }
    }
}
