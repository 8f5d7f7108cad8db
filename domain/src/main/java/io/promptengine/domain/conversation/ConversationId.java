package io.promptengine.domain.conversation;

import io.promptengine.domain.common.Uuids;
import java.util.Objects;

/** A conversation's id: a UUID, as in the stored-prompt API's responses. */
public record ConversationId(String value) {

    public ConversationId {
        Objects.requireNonNull(value, "value");
        if (!isWellFormed(value)) {
            throw new IllegalArgumentException("not a conversation id: " + value);
        }
    }

    public static boolean isWellFormed(String value) {
        return Uuids.isCanonical(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
