package io.promptengine.adapters.persistence;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Rows read on every request (API keys, tenants), kept for a moment. A change made elsewhere, even by another
 * instance, is seen at most {@code ttlNanos} later; a change made through the owning store is seen at once: it
 * {@link #evict}s the row, and a read that loaded the row before the eviction does not put its stale copy back.
 * Only rows found are kept, so a new row is visible at once and probing with unknown keys cannot fill the cache.
 */
final class ReadCache<K, V> {

    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
    /** When each recently changed row was evicted; a read that started before that must not cache its copy. */
    private final ConcurrentHashMap<K, Long> evictedAt = new ConcurrentHashMap<>();

    ReadCache(long ttlNanos, int maxEntries, LongSupplier nanoTime) {
        this.ttlNanos = ttlNanos;
        this.maxEntries = maxEntries;
        this.nanoTime = nanoTime;
    }

    /** The cached row while it is fresh, otherwise what {@code load} reads now (and then keeps, if found). */
    Optional<V> get(K key, Supplier<Optional<V>> load) {
        long now = nanoTime.getAsLong();
        Entry<V> cached = entries.get(key);
        if (cached != null && now - cached.loadedAt < ttlNanos) {
            return Optional.of(cached.value);
        }
        Optional<V> loaded = load.get();
        if (loaded.isPresent()) {
            remember(key, new Entry<>(loaded.get(), now));
        } else if (cached != null) {
            entries.remove(key, cached);
        }
        return loaded;
    }

    /** Forgets {@code key} after its row changed, and refuses copies read before this moment. */
    void evict(K key) {
        long now = nanoTime.getAsLong();
        evictedAt.values().removeIf(at -> now - at >= ttlNanos);
        evictedAt.put(key, now);
        entries.remove(key);
    }

    private void remember(K key, Entry<V> entry) {
        Long evicted = evictedAt.get(key);
        if (evicted != null && evicted - entry.loadedAt >= 0) {
            return;
        }
        if (entries.size() >= maxEntries) {
            long now = nanoTime.getAsLong();
            entries.values().removeIf(old -> now - old.loadedAt >= ttlNanos);
            if (entries.size() >= maxEntries) {
                return;
            }
        }
        entries.put(key, entry);
    }

    /** A row as read at {@code loadedAt} ({@link System#nanoTime} scale). */
    private record Entry<V>(V value, long loadedAt) {
    }
}
