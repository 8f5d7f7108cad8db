package io.promptengine.adapters.http;

import io.javalin.http.Context;
import io.promptengine.domain.ratelimit.Allowance;
import io.promptengine.domain.ratelimit.LimitExceededException;
import java.time.Duration;
import java.time.Instant;

/**
 * The headers of a rate-limited route: {@code X-RateLimit-*} on every response once the request was admitted or
 * refused, and {@code Retry-After} on a refusal. Times are rounded up to whole seconds, so a client that waits
 * until {@code X-RateLimit-Reset}, or for {@code Retry-After}, is never early.
 */
final class RateLimitHeaders {

    static final String LIMIT = "X-RateLimit-Limit";
    static final String REMAINING = "X-RateLimit-Remaining";
    static final String RESET = "X-RateLimit-Reset";
    static final String RETRY_AFTER = "Retry-After";

    private RateLimitHeaders() {
    }

    static void set(Context ctx, Allowance allowance) {
        ctx.header(LIMIT, Integer.toString(allowance.limit()));
        ctx.header(REMAINING, Integer.toString(allowance.remaining()));
        ctx.header(RESET, Long.toString(unixSecondsRoundedUp(allowance.resetAt())));
    }

    static void refuse(Context ctx, LimitExceededException refusal) {
        set(ctx, refusal.allowance());
        ctx.header(RETRY_AFTER, Long.toString(retryAfterSeconds(refusal.retryAfter())));
    }

    static long unixSecondsRoundedUp(Instant at) {
        return at.getNano() == 0 ? at.getEpochSecond() : at.getEpochSecond() + 1;
    }

    /** Whole seconds, at least one: {@code Retry-After: 0} would invite a client to retry at once. */
    static long retryAfterSeconds(Duration wait) {
        long seconds = wait.getNano() == 0 ? wait.getSeconds() : wait.getSeconds() + 1;
        return Math.max(1, seconds);
    }
}
