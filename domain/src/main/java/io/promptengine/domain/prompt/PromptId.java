package io.promptengine.domain.prompt;

import java.util.Objects;
import java.util.UUID;

/** A stored prompt's id: a UUID, because prompts are addressed by it ({@code POST /v1/prompt/{uuid}/{provider}}). */
public record PromptId(String value) {

    public PromptId {
        Objects.requireNonNull(value, "value");
        if (!isWellFormed(value)) {
            throw new IllegalArgumentException("not a prompt id: " + value);
        }
    }

    /** Whether {@code value} is a UUID in its canonical lowercase form; lets callers answer 404 without a lookup. */
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
