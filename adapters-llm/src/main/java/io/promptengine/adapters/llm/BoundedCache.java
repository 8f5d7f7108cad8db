package io.promptengine.adapters.llm;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * A least-recently-used cache of values computed from text keys (a tenant's schema, a message template), bounded
 * both in entries and in the summed weight of its keys, so that hostile tenants who save many large documents
 * cannot grow the heap without end.
 *
 * <p>Thread-safe. A value is computed outside the lock: two threads that miss on the same key at once both
 * compute it and the later one wins, which is cheaper than making every other caller wait behind a slow compile.
 * A computation that throws caches nothing.
 */
public final class BoundedCache<K, V> {

    private final int maxEntries;
    private final long maxWeight;
    private final ToLongFunction<K> weigher;
    private final LinkedHashMap<K, V> entries = new LinkedHashMap<>(16, 0.75f, true);
    // A lock rather than synchronized, as in TokenCounter: callers may be virtual threads, which a monitor pins.
    private final ReentrantLock lock = new ReentrantLock();
    private long weight;

    /**
     * @param maxEntries at most this many values are kept
     * @param maxWeight the keys kept weigh at most this much together; a heavier key is computed but not kept
     * @param weigher the weight of a key, such as its length
     */
    public BoundedCache(int maxEntries, long maxWeight, ToLongFunction<K> weigher) {
        if (maxEntries <= 0 || maxWeight <= 0) {
            throw new IllegalArgumentException("a cache holds at least one entry of positive weight");
        }
        this.maxEntries = maxEntries;
        this.maxWeight = maxWeight;
        this.weigher = Objects.requireNonNull(weigher, "weigher");
    }

    /** The value cached for {@code key}, computing and keeping it on a miss. */
    public V get(K key, Function<? super K, ? extends V> compute) {
        Objects.requireNonNull(key, "key");
        lock.lock();
        try {
            V cached = entries.get(key);
            if (cached != null) {
                return cached;
            }
        } finally {
            lock.unlock();
        }
        V value = Objects.requireNonNull(compute.apply(key), "computed value");
        long keyWeight = weigher.applyAsLong(key);
        if (keyWeight > maxWeight) {
            return value;
        }
        lock.lock();
        try {
            if (entries.put(key, value) == null) {
                weight += keyWeight;
            }
            evict();
        } finally {
            lock.unlock();
        }
        return value;
    }

    /** How many values are kept now. */
    public int size() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }

    private void evict() {
        Iterator<Map.Entry<K, V>> eldest = entries.entrySet().iterator();
        while ((entries.size() > maxEntries || weight > maxWeight) && eldest.hasNext()) {
            weight -= weigher.applyAsLong(eldest.next().getKey());
            eldest.remove();
        }
    }
}
