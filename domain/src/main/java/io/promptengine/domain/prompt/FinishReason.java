package io.promptengine.domain.prompt;

import java.util.Locale;

/** Why a model stopped producing output. {@link #LENGTH} means the answer is truncated. */
public enum FinishReason {
    STOP, LENGTH, CONTENT_FILTER, TOOL_USE, OTHER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FinishReason fromWire(String value) {
        for (FinishReason reason : values()) {
            if (reason.wireName().equals(value)) {
                return reason;
            }
        }
        return OTHER;
    }
}
