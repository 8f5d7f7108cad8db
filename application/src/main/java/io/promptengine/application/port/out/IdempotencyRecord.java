package io.promptengine.application.port.out;

import io.promptengine.domain.tenant.TenantId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a tenant's {@code Idempotency-Key} stands for: the request it was first used with (its fingerprint), the
 * claim of the request that is answering it, and once that request has answered, the answer.
 *
 * @param fingerprint the SHA-256 of the first request's method, path, query and canonical body
 * @param claimId names the request that holds the key; a request that takes over a stale claim gets a new one
 * @param response empty while the first request is still in flight
 * @param createdAt when the claim was made
 * @param expiresAt from then on the key is free again
 */
public record IdempotencyRecord(TenantId tenantId, String key, String fingerprint, String claimId,
        Optional<StoredResponse> response, Instant createdAt, Instant expiresAt) {

    public IdempotencyRecord {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(claimId, "claimId");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    public boolean inFlight() {
        return response.isEmpty();
    }

    public boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
