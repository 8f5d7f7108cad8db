package io.promptengine.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.domain.execution.ExecutionOutput;
import io.promptengine.domain.execution.ExecutionRequest;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.prompt.FinishReason;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.TenantId;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ResponseCache} does. */
public abstract class ResponseCacheContract {

    private static final CacheKey KEY = CacheKey.of(request("ten_a", "Say hello"));
    private static final CacheKey OTHER_KEY = CacheKey.of(request("ten_b", "Say hello"));
    private static final ExecutionOutput ANSWER = new ExecutionOutput("{\"a\":1}", Optional.of("{\"a\":1}"),
            FinishReason.STOP);

    private ResponseCache cache;

    /** A new, empty cache whose time {@link #advance} moves; called before each test. */
    protected abstract ResponseCache newCache();

    /** Moves the time of the cache from {@link #newCache} forward. */
    protected abstract void advance(Duration duration);

    @BeforeEach
    void createCache() {
        cache = newCache();
    }

    static ExecutionRequest request(String tenant, String input) {
        return new ExecutionRequest(new TenantId(tenant), new ApiKeyId("key_1"), Surface.EXECUTE_API,
                Optional.empty(), "local", "echo", input, ModelParameters.DEFAULTS, "req_1", Optional.empty());
    }

    @Test
    void givenStoredAnswer_get_returnsItUnderItsKeyOnly() {
        cache.put(KEY, ANSWER, Duration.ofMinutes(5));

        assertThat(cache.get(KEY)).contains(ANSWER);
        assertThat(cache.get(OTHER_KEY)).isEmpty();
    }

    @Test
    void givenStoredAnswer_afterItsTtl_getIsEmpty() {
        cache.put(KEY, ANSWER, Duration.ofSeconds(30));

        advance(Duration.ofSeconds(29));
        assertThat(cache.get(KEY)).contains(ANSWER);
        advance(Duration.ofSeconds(1));
        assertThat(cache.get(KEY)).isEmpty();
    }

    @Test
    void givenStoredAnswer_putAgain_replacesItWithTheNewTtl() {
        ExecutionOutput fresh = ExecutionOutput.text("fresh", FinishReason.STOP);
        cache.put(KEY, ANSWER, Duration.ofSeconds(10));
        advance(Duration.ofSeconds(5));
        cache.put(KEY, fresh, Duration.ofSeconds(10));

        advance(Duration.ofSeconds(9));
        assertThat(cache.get(KEY)).contains(fresh);
        advance(Duration.ofSeconds(1));
        assertThat(cache.get(KEY)).isEmpty();
    }

    @Test
    void givenNoPositiveTtl_put_isRefused() {
        assertThatThrownBy(() -> cache.put(KEY, ANSWER, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
