package io.promptengine.application.port.out;

import io.promptengine.domain.execution.ExecutionOutput;
import java.time.Duration;
import java.util.Optional;

/**
 * Model answers kept for reuse, by {@link CacheKey}. Bounded: an entry may be gone before its time to live ends,
 * never served after it. Shared by every surface that caches, and meant to be swapped for a store that several
 * instances share.
 */
public interface ResponseCache {

    /** The answer stored under {@code key}, unless none was or its time to live has passed. */
    Optional<ExecutionOutput> get(CacheKey key);

    /** Stores {@code answer} under {@code key} for {@code ttl} (positive), replacing what was there. */
    void put(CacheKey key, ExecutionOutput answer, Duration ttl);
}
