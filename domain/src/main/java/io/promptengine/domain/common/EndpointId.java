package io.promptengine.domain.common;

import java.util.Objects;

/**
 * Identifier of an endpoint ({@code ep_…}). It lives beside the other shared helpers rather than in {@code endpoint}
 * because a prompt names the endpoint it belongs to while an endpoint names its default prompt: with the id here,
 * {@code endpoint} depends on {@code prompt} and not the other way round.
 */
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
