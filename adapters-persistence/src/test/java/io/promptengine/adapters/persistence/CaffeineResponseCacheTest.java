package io.promptengine.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import io.promptengine.application.port.out.CacheKey;
import io.promptengine.application.port.out.ResponseCache;
import io.promptengine.application.port.out.ResponseCacheContract;
import io.promptengine.domain.execution.ExecutionOutput;
import io.promptengine.domain.execution.ExecutionRequest;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.prompt.FinishReason;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.TenantId;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

final class CaffeineResponseCacheTest extends ResponseCacheContract {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final Ticker ticker = nanos::get;

    @Override
    protected ResponseCache newCache() {
        return new CaffeineResponseCache(64L * 1024 * 1024, ticker);
    }

    @Override
    protected void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    @Test
    void givenMoreAnswersThanTheByteBound_cacheEvictsDownToIt() {
        ExecutionOutput answer = ExecutionOutput.text("x".repeat(1_000), FinishReason.STOP);
        int weight = CaffeineResponseCache.weight(answer);
        CaffeineResponseCache cache = new CaffeineResponseCache(10L * weight, ticker);

        for (int i = 0; i < 100; i++) {
            cache.put(key("input " + i), answer, Duration.ofMinutes(5));
        }
        cache.cleanUp();

        assertThat(cache.estimatedSize()).isBetween(1L, 10L);
    }

    @Test
    void weight_countsTwoBytesACharacterOfTextAndJsonPlusOverhead() {
        ExecutionOutput answer = new ExecutionOutput("{\"a\":1}", Optional.of("{\"a\":1}"), FinishReason.STOP);

        assertThat(CaffeineResponseCache.weight(answer)).isEqualTo(2 * 14 + CaffeineResponseCache.ENTRY_OVERHEAD_BYTES);
    }

    private static CacheKey key(String input) {
        return CacheKey.of(new ExecutionRequest(new TenantId("ten_a"), new ApiKeyId("key_1"), Surface.EXECUTE_API,
                Optional.empty(), "local", "echo", input, ModelParameters.DEFAULTS, "req_1", Optional.empty()));
    }
}
