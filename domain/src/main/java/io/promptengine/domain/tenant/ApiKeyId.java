package io.promptengine.domain.tenant;

import java.util.Objects;

/** Identifier of an API key record ({@code key_…}); not the secret. */
public record ApiKeyId(String value) {

    public ApiKeyId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("api key id must not be blank");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
