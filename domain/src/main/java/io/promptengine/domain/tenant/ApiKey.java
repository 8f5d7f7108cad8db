package io.promptengine.domain.tenant;

import io.promptengine.domain.error.InvalidInputException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** A tenant's credential as stored: a hash of the secret, never the secret. */
public record ApiKey(
        ApiKeyId id,
        TenantId tenantId,
        String name,
        String prefix,
        String secretHash,
        Set<Scope> scopes,
        Instant createdAt,
        Optional<Instant> expiresAt,
        Optional<Instant> revokedAt,
        Optional<Instant> lastUsedAt) {

    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(secretHash, "secretHash");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
        if (scopes == null || scopes.isEmpty()) {
            throw new InvalidInputException("scopes", "Field 'scopes' must name at least one scope");
        }
        scopes = Set.copyOf(EnumSet.copyOf(scopes));
        if (expiresAt.isPresent() && !expiresAt.get().isAfter(createdAt)) {
            throw new InvalidInputException("expires_at", "Field 'expires_at' must be in the future");
        }
    }

    /** A new key for a freshly generated or operator-chosen secret. */
    public static ApiKey issue(ApiKeyId id, TenantId tenantId, String name, ApiKeySecret secret, Set<Scope> scopes,
            Instant now, Optional<Instant> expiresAt) {
        return new ApiKey(id, tenantId, name, secret.prefix(), secret.hash(), scopes, now, expiresAt,
                Optional.empty(), Optional.empty());
    }

    /** Whether the key authenticates at {@code now}: not revoked and not expired. */
    public boolean isUsableAt(Instant now) {
        return revokedAt.isEmpty() && expiresAt.map(now::isBefore).orElse(true);
    }

    public boolean allows(Scope scope) {
        return scopes.contains(scope);
    }

    public ApiKey revoke(Instant now) {
        return revokedAt.isPresent() ? this
                : new ApiKey(id, tenantId, name, prefix, secretHash, scopes, createdAt, expiresAt, Optional.of(now),
                        lastUsedAt);
    }
}
