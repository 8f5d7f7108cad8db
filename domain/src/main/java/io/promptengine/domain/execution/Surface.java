package io.promptengine.domain.execution;

import java.util.Locale;

/** Which API surface started an execution. */
public enum Surface {
    /** {@code POST /v1/prompt/execute}. */
    EXECUTE_API,
    /** A tenant endpoint such as {@code POST /api/v1/summarize}. */
    ENDPOINT,
    /** {@code POST /v1/prompt/{uuid}/{provider}}. */
    PROMPT,
    /** The management test route that runs a draft. */
    TEST,
    /** {@code POST /v1/chat/completions}, OpenAI's wire format: the request's chat messages go to the model. */
    CHAT_API;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Surface fromWire(String value) {
        for (Surface surface : values()) {
            if (surface.wireName().equals(value)) {
                return surface;
            }
        }
        throw new IllegalArgumentException("unknown surface: " + value);
    }
}
