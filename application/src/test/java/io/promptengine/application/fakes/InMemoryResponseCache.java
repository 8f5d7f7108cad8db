package io.promptengine.application.fakes;

import io.promptengine.application.port.out.CacheKey;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.ResponseCache;
import io.promptengine.domain.execution.ExecutionOutput;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link ResponseCache} in a map, unbounded, expiring by a {@link Clock}; counts what was stored. */
public final class InMemoryResponseCache implements ResponseCache {

    private record Entry(ExecutionOutput answer, Instant expiresAt) {
    }

    private final ConcurrentMap<CacheKey, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicInteger puts = new AtomicInteger();
    private final Clock clock;

    public InMemoryResponseCache(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<ExecutionOutput> get(CacheKey key) {
        Entry entry = entries.get(key);
        if (entry == null || !clock.now().isBefore(entry.expiresAt())) {
            return Optional.empty();
        }
        return Optional.of(entry.answer());
    }

    @Override
    public void put(CacheKey key, ExecutionOutput answer, Duration ttl) {
        if (ttl.isZero() || ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must be positive: " + ttl);
        }
        entries.put(key, new Entry(answer, clock.now().plus(ttl)));
        puts.incrementAndGet();
    }

    /** How many answers were stored, replacements included. */
    public int puts() {
        return puts.get();
    }
}
