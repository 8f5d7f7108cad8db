package io.promptengine.domain.endpoint;

import java.util.Objects;

/** Identifier of an endpoint ({@code ep_…}). */
public record EndpointId(String value) {

    public EndpointId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("endpoint id must not be blank");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
