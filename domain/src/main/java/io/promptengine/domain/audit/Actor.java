package io.promptengine.domain.audit;

import io.promptengine.domain.tenant.ApiKeyId;
import java.util.Objects;

/** Who made a management change: a tenant's API key, by its id (never its secret), or the operator. */
public record Actor(String value) {

    public static final Actor OPERATOR = new Actor("operator");

    private static final int MAX_LENGTH = 64;

    public Actor {
        Objects.requireNonNull(value, "value");
        if (value.isBlank() || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("an actor is an API key id or 'operator'");
        }
    }

    public static Actor apiKey(ApiKeyId id) {
        return new Actor(id.value());
    }

    @Override
    public String toString() {
        return value;
    }
}
