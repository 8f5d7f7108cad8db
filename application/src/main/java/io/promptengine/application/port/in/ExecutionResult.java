package io.promptengine.application.port.in;

import io.promptengine.application.model.CacheStatus;
import io.promptengine.domain.execution.Execution;
import java.util.Objects;
import java.util.Optional;

/**
 * A completed execution and how the response cache took part in it.
 *
 * @param cache empty when the answer was not cacheable (caching off for it, or a stateful request)
 */
public record ExecutionResult(Execution execution, Optional<CacheStatus> cache) {

    public ExecutionResult {
        Objects.requireNonNull(execution, "execution");
        Objects.requireNonNull(cache, "cache");
    }

    /** An execution the cache had no part in. */
    public static ExecutionResult uncached(Execution execution) {
        return new ExecutionResult(execution, Optional.empty());
    }
}
