package io.promptengine.domain.conversation;

import java.util.Objects;
import java.util.UUID;

/** A conversation's id: a UUID, as in the stored-prompt API's responses. */
public record ConversationId(String value) {

    public ConversationId {
        Objects.requireNonNull(value, "value");
        if (!isWellFormed(value)) {
            throw new IllegalArgumentException("not a conversation id: " + value);
        }
    }

    public static boolean isWellFormed(String value) {
        if (value == null || value.length() != 36) {
            return false;
        }
        try {
            return UUID.fromString(value).toString().equals(value);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
