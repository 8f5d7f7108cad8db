package io.promptengine.domain.prompt;

import java.util.Objects;

/** Identifier of one version of a prompt ({@code pv_…}). */
public record PromptVersionId(String value) {

    public PromptVersionId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("prompt version id must not be blank");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
