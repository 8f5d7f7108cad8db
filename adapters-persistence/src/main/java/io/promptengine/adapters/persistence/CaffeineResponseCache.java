package io.promptengine.adapters.persistence;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.promptengine.application.port.out.CacheKey;
import io.promptengine.application.port.out.ResponseCache;
import io.promptengine.domain.execution.ExecutionOutput;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The response cache in this instance's memory, on Caffeine: bounded by the bytes its answers take (an estimate:
 * two bytes a character of the text and the JSON, plus the key and per-entry overhead), the least valuable entries
 * evicted first, each entry expiring after its own time to live. Instances do not share it; a deployment of several
 * instances may replace it with a shared store behind the same port.
 */
public final class CaffeineResponseCache implements ResponseCache {

    /** What an entry costs beyond its characters: key, hash, record headers, Caffeine's node. */
    static final int ENTRY_OVERHEAD_BYTES = 256;

    private record Entry(ExecutionOutput answer, long ttlNanos) {
    }

    private final Cache<CacheKey, Entry> entries;

    /** @param maxBytes the most memory the answers may take, by the estimate above */
    public CaffeineResponseCache(long maxBytes) {
        this(maxBytes, Ticker.systemTicker());
    }

    /** With a {@code ticker} that tests move by hand. */
    CaffeineResponseCache(long maxBytes, Ticker ticker) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        this.entries = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((CacheKey key, Entry entry) -> weight(entry.answer()))
                .expireAfter(new Expiry<CacheKey, Entry>() {
                    @Override
                    public long expireAfterCreate(CacheKey key, Entry entry, long currentTime) {
                        return entry.ttlNanos();
                    }

                    @Override
                    public long expireAfterUpdate(CacheKey key, Entry entry, long currentTime,
                            long currentDuration) {
                        return entry.ttlNanos();
                    }

                    @Override
                    public long expireAfterRead(CacheKey key, Entry entry, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .ticker(ticker)
                // evictions and expiries are cleaned up on the calling thread, no background pool needed
                .executor(Runnable::run)
                .build();
    }

    @Override
    public Optional<ExecutionOutput> get(CacheKey key) {
        return Optional.ofNullable(entries.getIfPresent(key)).map(Entry::answer);
    }

    @Override
    public void put(CacheKey key, ExecutionOutput answer, Duration ttl) {
        Objects.requireNonNull(answer, "answer");
        if (ttl.isZero() || ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must be positive: " + ttl);
        }
        entries.put(key, new Entry(answer, ttl.toNanos()));
    }

    /** Runs pending evictions; for tests that check the bound. */
    void cleanUp() {
        entries.cleanUp();
    }

    long estimatedSize() {
        return entries.estimatedSize();
    }

    static int weight(ExecutionOutput answer) {
        long chars = answer.text().length() + answer.json().map(String::length).orElse(0);
        return (int) Math.min(Integer.MAX_VALUE, 2 * chars + ENTRY_OVERHEAD_BYTES);
    }
}
