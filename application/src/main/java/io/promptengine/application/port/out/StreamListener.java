package io.promptengine.application.port.out;

import io.promptengine.domain.execution.Usage;

/**
 * Hears a streamed model call as it happens, on the thread that called {@link ModelProvider#stream}.
 *
 * <p>A listener may throw from either method to stop the call: the client that asked for the stream hung up,
 * say. The provider then gives up the upstream request at once (its connection closed, so the provider stops
 * generating and billing) and lets the listener's exception through unchanged.
 */
public interface StreamListener {

    /** The next piece of the answer's text, in order; never empty. */
    void text(String delta);

    /**
     * The tokens used so far as the provider reported them, whenever it reports them (Anthropic's
     * {@code message_start} and {@code message_delta}, OpenAI's usage chunk); each report replaces the one before.
     * A call stopped before its end is charged for the last report, or for its text when there was none.
     */
    default void usage(Usage soFar) {
    }
}
