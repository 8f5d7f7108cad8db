package io.promptengine.domain.error;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A model provider failed. The message never carries a credential.
 *
 * <p>A provider adapter says whether the same call may succeed when sent again ({@link #retryable()}: HTTP 429,
 * 500, 502, 503, 504, 529 and a connection that failed before an answer began) and, when the provider said so,
 * how long to wait first ({@link #retryAfter()}, from {@code Retry-After} or {@code retry-after-ms}). Whether to
 * retry, and when, is the core's decision. When the provider answered at all, the failure carries the HTTP status
 * of its answer ({@link #status()}): an error status, or a {@code 2xx} whose body could not be used.
 */
public final class UpstreamException extends PromptEngineException {

    private final boolean retryable;
    private final Optional<Duration> retryAfter;
    private final OptionalInt status;

    /** A failure that sending the same call again will not cure. */
    public UpstreamException(String message) {
        this(message, null, false, Optional.empty(), OptionalInt.empty());
    }

    /** A failure that sending the same call again will not cure, caused by {@code cause}. */
    public UpstreamException(String message, Throwable cause) {
        this(message, cause, false, Optional.empty(), OptionalInt.empty());
    }

    private UpstreamException(String message, Throwable cause, boolean retryable, Optional<Duration> retryAfter,
            OptionalInt status) {
        super(ErrorKind.UPSTREAM, message, cause);
        this.retryable = retryable;
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
        this.status = Objects.requireNonNull(status, "status");
        if (retryAfter.isPresent() && retryAfter.get().isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative");
        }
        if (status.isPresent() && (status.getAsInt() < 100 || status.getAsInt() > 599)) {
            throw new IllegalArgumentException("status must be an HTTP status, 100 to 599: " + status.getAsInt());
        }
    }

    /**
     * A transient failure: the same call may succeed later.
     *
     * @param retryAfter the least wait the provider asked for, when it asked
     */
    public static UpstreamException transientFailure(String message, Optional<Duration> retryAfter, Throwable cause) {
        return new UpstreamException(message, cause, true, retryAfter, OptionalInt.empty());
    }

    /**
     * The provider answered {@code status} and the call failed on it.
     *
     * @param retryable whether the same call may succeed later (see the class comment)
     * @param retryAfter the least wait the provider asked for, when it asked
     * @param cause what broke, or null
     */
    public static UpstreamException answered(int status, String message, boolean retryable,
            Optional<Duration> retryAfter, Throwable cause) {
        return new UpstreamException(message, cause, retryable, retryAfter, OptionalInt.of(status));
    }

    /**
     * This failure, as one of an answer with {@code status}: what a provider throws when an answer it accepted
     * (a {@code 2xx}) turned out unusable. A failure that has a status keeps it.
     */
    public UpstreamException onAnswer(int status) {
        if (this.status.isPresent()) {
            return this;
        }
        UpstreamException answered = new UpstreamException(getMessage(), getCause(), retryable, retryAfter,
                OptionalInt.of(status));
        answered.setStackTrace(getStackTrace());
        return answered;
    }

    public boolean retryable() {
        return retryable;
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }

    /** The HTTP status the provider answered; empty when no answer came (a connection that failed, a timeout). */
    public OptionalInt status() {
        return status;
    }
}
