package io.promptengine.domain.error;

import java.time.Instant;
import java.util.Objects;

/**
 * A provider's circuit breaker is open: it failed often enough that calls to it are refused at once, without
 * reaching it, until {@link #retryAt()}, when one trial call may pass. An {@link ErrorKind#UNAVAILABLE} outcome
 * (503): the provider is expected back, and the caller may retry then.
 */
public final class CircuitOpenException extends PromptEngineException {

    private final String provider;
    private final Instant retryAt;

    public CircuitOpenException(String provider, Instant retryAt) {
        super(ErrorKind.UNAVAILABLE, "Provider '" + Objects.requireNonNull(provider, "provider")
                + "' is failing, so its circuit is open and it is not called; it will be tried again after "
                + Objects.requireNonNull(retryAt, "retryAt"));
        this.provider = provider;
        this.retryAt = retryAt;
    }

    public String provider() {
        return provider;
    }

    /** When the breaker lets a trial call through. */
    public Instant retryAt() {
        return retryAt;
    }
}
