package io.promptengine.domain.webhook;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * When a delivery that did not succeed is tried again: after attempt {@code n} fails, the {@code n}-th delay of the
 * list, varied by up to {@code jitter} of itself either way so that the retries of many deliveries that failed
 * together spread out; after the last delay's attempt the delivery has failed. A receiver's {@code Retry-After}
 * replaces the delay, but never beyond {@link #MAX_RETRY_AFTER}.
 *
 * <p>The {@link #DEFAULT} schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h — eight attempts over about 27 hours.
 */
public record RetrySchedule(List<Duration> delays, double jitter) {

    public static final RetrySchedule DEFAULT = new RetrySchedule(List.of(Duration.ofSeconds(5),
            Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5),
            Duration.ofHours(10), Duration.ofHours(10)), 0.2);
    /** The longest wait a receiver's {@code Retry-After} may ask for. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofHours(10);

    public RetrySchedule {
        delays = List.copyOf(delays);
        if (delays.isEmpty()) {
            throw new IllegalArgumentException("a retry schedule has at least one delay");
        }
        for (Duration delay : delays) {
            if (delay.isNegative() || delay.isZero()) {
                throw new IllegalArgumentException("retry delays must be positive");
            }
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("jitter must be at least 0 and less than 1");
        }
    }

    /** How many attempts a delivery gets in all: the first, and one after each delay. */
    public int maxAttempts() {
        return delays.size() + 1;
    }

    /**
     * The wait before the next attempt, once attempt {@code attempts} failed; empty when that was the last.
     *
     * @param random a number in {@code [0, 1)} choosing the jitter
     * @param retryAfter the receiver's {@code Retry-After}, which wins over the schedule's delay
     */
    public Optional<Duration> after(int attempts, double random, Optional<Duration> retryAfter) {
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        if (attempts >= maxAttempts()) {
            return Optional.empty();
        }
        if (retryAfter.isPresent()) {
            Duration asked = retryAfter.get().isNegative() ? Duration.ZERO : retryAfter.get();
            return Optional.of(asked.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : asked);
        }
        Duration delay = delays.get(attempts - 1);
        double factor = 1 + jitter * (2 * random - 1);
        return Optional.of(Duration.ofMillis(Math.max(1, Math.round(delay.toMillis() * factor))));
    }
}
