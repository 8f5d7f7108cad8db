package io.promptengine.application.port.out;

import io.promptengine.domain.prompt.Message;
import java.util.List;

/**
 * Counts tokens the way Prompt Engine estimates them where a provider reported none: the {@code local} provider's
 * usage, and the tokens of a streamed call stopped before the provider sent its usage (a client that hung up).
 */
public interface TokenEstimator {

    /** Tokens in {@code text}. */
    long tokens(String text);

    /** Tokens in the messages' contents, with no per-message framing. */
    default long tokens(List<Message> messages) {
        long total = 0;
        for (Message message : messages) {
            total += tokens(message.content());
        }
        return total;
    }
}
