package io.promptengine.domain.tenant;

import java.time.Instant;
import java.util.Objects;

/**
 * The generated operator key as stored: like a tenant's key, only a hash and a visible prefix. It is not a tenant's
 * key and holds no scopes: it manages tenants and plans, and nothing else.
 */
public record OperatorKey(String prefix, String secretHash, Instant createdAt) {

    public OperatorKey {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(secretHash, "secretHash");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public static OperatorKey of(ApiKeySecret secret, Instant now) {
        return new OperatorKey(secret.prefix(), secret.hash(), now);
    }
}
