package io.promptengine.domain.ratelimit;

import io.promptengine.domain.error.InvalidInputException;
import java.util.OptionalLong;

/** What a plan allows: requests per minute, and optionally tokens per minute and tokens per calendar month. */
public record RateLimitPolicy(int requestsPerMinute, OptionalLong tokensPerMinute, OptionalLong monthlyTokenQuota) {

    public RateLimitPolicy {
        if (requestsPerMinute <= 0) {
            throw new InvalidInputException("requests_per_minute", "Field 'requests_per_minute' must be greater than 0");
        }
        requirePositive(tokensPerMinute, "tokens_per_minute");
        requirePositive(monthlyTokenQuota, "monthly_token_quota");
    }

    public static RateLimitPolicy requestsPerMinute(int limit) {
        return new RateLimitPolicy(limit, OptionalLong.empty(), OptionalLong.empty());
    }

    private static void requirePositive(OptionalLong value, String field) {
        if (value == null) {
            throw new NullPointerException(field);
        }
        if (value.isPresent() && value.getAsLong() <= 0) {
            throw new InvalidInputException(field, "Field '" + field + "' must be greater than 0");
        }
    }
}
