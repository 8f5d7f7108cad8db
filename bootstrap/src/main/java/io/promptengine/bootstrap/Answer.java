package io.promptengine.bootstrap;

import io.promptengine.application.model.CacheStatus;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.Usage;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer of a completed in-process call: what its HTTP answer says, as Java values.
 *
 * @param output the answer as plain Java values when it is a JSON document (an endpoint with an output schema:
 *     {@code Map}, {@code List}, {@code String}, numbers, booleans, {@code null}), its text otherwise
 * @param text the model's text, as stored
 * @param cache how the response cache took part ({@code X-Cache}); empty when the answer was not cacheable
 * @param replayed true when an idempotency key's earlier call answered, and nothing ran ({@code Idempotent-Replayed})
 * @param execution the execution record, everything {@code GET /v1/executions/{id}} shows
 */
public record Answer(String executionId, Object output, String text, Usage usage, Optional<CacheStatus> cache,
        boolean replayed, Execution execution) {

    public Answer {
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(execution, "execution");
    }
}
