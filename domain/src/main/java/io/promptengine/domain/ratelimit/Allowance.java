package io.promptengine.domain.ratelimit;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a caller stands against a request limit after a decision: the figures of the {@code X-RateLimit-*}
 * headers.
 *
 * @param limit requests admitted in any one window
 * @param remaining requests that would still be admitted now
 * @param resetAt when {@code remaining} next grows, because the oldest request counted in the window leaves it;
 *        with nothing remaining, the earliest instant another request is admitted
 */
public record Allowance(int limit, int remaining, Instant resetAt) {

    public Allowance {
        Objects.requireNonNull(resetAt, "resetAt");
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        if (remaining < 0 || remaining > limit) {
            throw new IllegalArgumentException("remaining must be between 0 and " + limit + ": " + remaining);
        }
    }
}
