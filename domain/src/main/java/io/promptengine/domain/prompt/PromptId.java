package io.promptengine.domain.prompt;

import io.promptengine.domain.common.Uuids;
import java.util.Objects;

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
        return Uuids.isCanonical(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
