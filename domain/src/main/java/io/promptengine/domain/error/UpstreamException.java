package io.promptengine.domain.error;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A model provider failed. The message never carries a credential.
 *
 * <p>A provider adapter says whether the same call may succeed when sent again ({@link #retryable()}: HTTP 429,
 * 500, 502, 503, 504, 529 and a connection that failed before an answer began) and, when the provider said so,
 * how long to wait first ({@link #retryAfter()}, from {@code Retry-After} or {@code retry-after-ms}). Whether to
 * retry, and when, is the core's decision.
 */
public final class UpstreamException extends PromptEngineException {

    private final boolean retryable;
    private final Optional<Duration> retryAfter;

    /** A failure that sending the same call again will not cure. */
    public UpstreamException(String message) {
        this(message, null, false, Optional.empty());
    }

    /** A failure that sending the same call again will not cure, caused by {@code cause}. */
    public UpstreamException(String message, Throwable cause) {
        this(message, cause, false, Optional.empty());
    }

    private UpstreamException(String message, Throwable cause, boolean retryable, Optional<Duration> retryAfter) {
        super(ErrorKind.UPSTREAM, message, cause);
        this.retryable = retryable;
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.isPresent() && retryAfter.get().isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative");
        }
    }

    /**
     * A transient failure: the same call may succeed later.
     *
     * @param retryAfter the least wait the provider asked for, when it asked
     */
    public static UpstreamException transientFailure(String message, Optional<Duration> retryAfter, Throwable cause) {
        return new UpstreamException(message, cause, true, retryAfter);
    }

    public boolean retryable() {
        return retryable;
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
