package io.promptengine.application.port.out;

import io.promptengine.domain.tenant.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The tokens each tenant's executions used in the last {@link #WINDOW}, a sliding window, for plans that limit
 * tokens per minute. An adapter may keep its records at a coarser time: a record may count up to
 * {@link #GRANULARITY} longer than the window, never shorter.
 */
public interface TokenMeter {

    Duration WINDOW = Duration.ofMinutes(1);
    Duration GRANULARITY = Duration.ofSeconds(1);

    /** Counts {@code tokens} used by {@code tenant} at {@code at}. */
    void record(TenantId tenant, long tokens, Instant at);

    /**
     * Empty while {@code tenant} used fewer than {@code limit} tokens in the window that ends at {@code now};
     * otherwise the earliest instant at which it will have used fewer, if it uses none in between.
     */
    Optional<Instant> exhaustedUntil(TenantId tenant, long limit, Instant now);
}
