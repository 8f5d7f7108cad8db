package io.promptengine.application.service;

import io.promptengine.application.port.out.PriceList;
import io.promptengine.application.port.out.Sleeper;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * How model calls are retried, and what they cost. A call that failed transiently is sent again up to
 * {@code maxAttempts} times in all, after a wait drawn with "full jitter": uniformly from zero to
 * {@code min(maxDelay, baseDelay · 2^(retry − 1))}, but never shorter than the provider's {@code Retry-After}.
 *
 * @param sleeper waits between attempts
 * @param random uniform numbers in {@code [0, 1)} that draw the jitter
 * @param prices what each answered call costs
 */
public record ModelCallPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Sleeper sleeper,
        DoubleSupplier random, PriceList prices) {

    /** The largest number of attempts one model may get; more would only stack waits behind a failing provider. */
    public static final int MAX_ATTEMPTS_LIMIT = 10;

    /** One attempt per model, no waits, no prices: for tests and hosts that retry on their own. */
    public static final ModelCallPolicy SINGLE_ATTEMPT = new ModelCallPolicy(1, Duration.ofMillis(1),
            Duration.ofMillis(1), duration -> { }, () -> 0.0, (provider, model) -> Optional.empty());

    public ModelCallPolicy {
        if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_LIMIT) {
            throw new IllegalArgumentException("maxAttempts is between 1 and " + MAX_ATTEMPTS_LIMIT);
        }
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (baseDelay.isNegative() || baseDelay.isZero() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("0 < baseDelay <= maxDelay");
        }
        Objects.requireNonNull(sleeper, "sleeper");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(prices, "prices");
    }

    /**
     * The wait before retry number {@code retry} (1 for the first), at least {@code retryAfter}.
     */
    Duration backoff(int retry, Optional<Duration> retryAfter) {
        long ceiling = baseDelay.toMillis();
        for (int i = 1; i < retry && ceiling < maxDelay.toMillis(); i++) {
            ceiling *= 2;
        }
        ceiling = Math.min(ceiling, maxDelay.toMillis());
        Duration jittered = Duration.ofMillis((long) (random.getAsDouble() * ceiling));
        return retryAfter.filter(least -> least.compareTo(jittered) > 0).orElse(jittered);
    }
}
