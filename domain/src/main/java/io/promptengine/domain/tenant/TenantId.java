package io.promptengine.domain.tenant;

import java.util.Objects;

/** Opaque identifier of a tenant ({@code ten_…}); never reused. */
public record TenantId(String value) {

    public TenantId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("tenant id must not be blank");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
