package io.promptengine.application.service;

import io.promptengine.application.port.in.StreamObserver;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.StreamListener;
import io.promptengine.application.port.out.TokenEstimator;
import io.promptengine.domain.execution.Usage;
import java.util.Objects;
import java.util.Optional;

/**
 * Between a provider's stream and the observer of a streamed execution: passes each piece of text on, and keeps
 * what the core needs once the stream stops — whether any text reached the observer (after that, a failure can
 * no longer be retried or fall back to another model, since the client has seen part of an answer), the last
 * usage the provider reported, the text of the current attempt, and the exception the observer threw when its
 * client hung up. One execution, one thread.
 */
final class StreamTap implements StreamListener {

    private final StreamObserver observer;
    private final TokenEstimator estimator;
    private final StringBuilder attemptText = new StringBuilder();
    private Optional<Usage> reported = Optional.empty();
    private boolean spoke;
    private RuntimeException hangUp;

    StreamTap(StreamObserver observer, TokenEstimator estimator) {
        this.observer = Objects.requireNonNull(observer, "observer");
        this.estimator = Objects.requireNonNull(estimator, "estimator");
    }

    @Override
    public void text(String delta) {
        if (delta.isEmpty()) {
            return;
        }
        attemptText.append(delta);
        spoke = true;
        try {
            observer.delta(delta);
        } catch (RuntimeException e) {
            hangUp = e;
            throw e;
        }
    }

    @Override
    public void usage(Usage soFar) {
        reported = Optional.of(Objects.requireNonNull(soFar, "soFar"));
    }

    /** A new attempt begins: what the one before reported or said is not this one's. */
    void beginAttempt() {
        attemptText.setLength(0);
        reported = Optional.empty();
    }

    /** Whether any text reached the observer, in any attempt. */
    boolean spoke() {
        return spoke;
    }

    /**
     * The observer's exception, once its client hung up; whatever a provider then threw (one that wraps the
     * listener's exception against its contract, say), the call ended because of it.
     */
    Optional<RuntimeException> hangUp() {
        return Optional.ofNullable(hangUp);
    }

    /**
     * The tokens of an attempt that stopped before its end: the provider's last report, or, when it sent none but
     * text was streamed, the messages and that text as {@link TokenEstimator} counts them. Nothing when the attempt
     * neither reported nor said anything.
     */
    Usage usedSoFar(ModelRequest request) {
        if (reported.isPresent()) {
            Usage last = reported.get();
            if (last.outputTokens() > 0 || attemptText.length() == 0) {
                return last;
            }
            // a report before any output (Anthropic's message_start) counts the input only; the text is counted
            return new Usage(last.inputTokens(), estimator.tokens(attemptText.toString()), last.cachedInputTokens(),
                    last.cacheWriteTokens(), 0);
        }
        if (attemptText.length() == 0) {
            return Usage.NONE;
        }
        return new Usage(estimator.tokens(request.messages()), estimator.tokens(attemptText.toString()));
    }
}
