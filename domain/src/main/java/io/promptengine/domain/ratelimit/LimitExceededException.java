package io.promptengine.domain.ratelimit;

import io.promptengine.domain.error.ErrorKind;
import io.promptengine.domain.error.PromptEngineException;
import java.time.Duration;
import java.util.Objects;

/**
 * A request refused by a limit of the caller's plan or key: too many requests ({@code rate_limited}) or too many
 * tokens ({@code quota_exceeded}). Carries what the caller needs to back off: the request limit's figures and how
 * long to wait. It lives with the limits it reports, so that {@code error}, which every package uses, depends on none.
 */
public final class LimitExceededException extends PromptEngineException {

    private final Allowance allowance;
    private final Duration retryAfter;

    private LimitExceededException(ErrorKind kind, String message, Allowance allowance, Duration retryAfter) {
        super(kind, message);
        this.allowance = Objects.requireNonNull(allowance, "allowance");
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative: " + retryAfter);
        }
    }

    /** Too many requests in the window; the request counted nowhere. */
    public static LimitExceededException rateLimited(String message, Allowance allowance, Duration retryAfter) {
        return new LimitExceededException(ErrorKind.RATE_LIMITED, message, allowance, retryAfter);
    }

    /** The plan's tokens per minute or monthly token quota are used up. */
    public static LimitExceededException quotaExceeded(String message, Allowance allowance, Duration retryAfter) {
        return new LimitExceededException(ErrorKind.QUOTA_EXCEEDED, message, allowance, retryAfter);
    }

    /** The request limit's figures as they stand after this refusal. */
    public Allowance allowance() {
        return allowance;
    }

    /** How long until a retry can succeed. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
