package io.promptengine.domain.tenant;

import io.promptengine.domain.error.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A tenant's credential as stored: a hash of the secret, never the secret.
 *
 * @param requestsPerMinute an optional limit of this key's own, below its tenant's plan
 */
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
        Optional<Instant> lastUsedAt,
        OptionalInt requestsPerMinute) {

    public static final int MAX_NAME_LENGTH = 200;
    /** How stale {@link #lastUsedAt} may be: a use within this long after the recorded one is not recorded. */
    public static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(secretHash, "secretHash");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
        Objects.requireNonNull(requestsPerMinute, "requestsPerMinute");
        requireName(name);
        scopes = requireScopes(scopes);
        requireRequestsPerMinute(requestsPerMinute);
        if (expiresAt.isPresent() && !expiresAt.get().isAfter(createdAt)) {
            throw new InvalidInputException("expires_at", "Field 'expires_at' must be in the future");
        }
    }

    /** A person's label for the key: required, at most {@value #MAX_NAME_LENGTH} characters. */
    public static void requireName(String name) {
        if (name == null || name.isBlank()) {
            throw InvalidInputException.required("name");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidInputException("name", "Field 'name' must be at most " + MAX_NAME_LENGTH + " characters");
        }
    }

    /** At least one scope; returns an immutable copy. */
    public static Set<Scope> requireScopes(Set<Scope> scopes) {
        if (scopes == null || scopes.isEmpty()) {
            throw new InvalidInputException("scopes", "Field 'scopes' must name at least one scope");
        }
        return Set.copyOf(EnumSet.copyOf(scopes));
    }

    public static void requireRequestsPerMinute(OptionalInt requestsPerMinute) {
        if (requestsPerMinute.isPresent() && requestsPerMinute.getAsInt() <= 0) {
            throw new InvalidInputException("requests_per_minute",
                    "Field 'requests_per_minute' must be greater than 0");
        }
    }

    /** A new key for a freshly generated or operator-chosen secret, limited only by its tenant's plan. */
    public static ApiKey issue(ApiKeyId id, TenantId tenantId, String name, ApiKeySecret secret, Set<Scope> scopes,
            Instant now, Optional<Instant> expiresAt) {
        return issue(id, tenantId, name, secret, scopes, now, expiresAt, OptionalInt.empty());
    }

    /** A new key with an optional requests-per-minute limit of its own. */
    public static ApiKey issue(ApiKeyId id, TenantId tenantId, String name, ApiKeySecret secret, Set<Scope> scopes,
            Instant now, Optional<Instant> expiresAt, OptionalInt requestsPerMinute) {
        return new ApiKey(id, tenantId, name, secret.prefix(), secret.hash(), scopes, now, expiresAt,
                Optional.empty(), Optional.empty(), requestsPerMinute);
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
                        lastUsedAt, requestsPerMinute);
    }

    /** Whether a use at {@code now} should be recorded: none is, or the recorded one is a precision step old. */
    public boolean lastUseIsStaleAt(Instant now) {
        return lastUsedAt.map(last -> !now.isBefore(last.plus(LAST_USED_PRECISION))).orElse(true);
    }

    /** This key used at {@code at}; an earlier time than the recorded one changes nothing. */
    public ApiKey usedAt(Instant at) {
        return lastUsedAt.isPresent() && !at.isAfter(lastUsedAt.get()) ? this
                : new ApiKey(id, tenantId, name, prefix, secretHash, scopes, createdAt, expiresAt, revokedAt,
                        Optional.of(at), requestsPerMinute);
    }
}
