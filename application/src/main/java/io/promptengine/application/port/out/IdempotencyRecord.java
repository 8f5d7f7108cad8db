package io.promptengine.application.port.out;

import io.promptengine.application.model.StoredResponse;
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
 * @param holder the instance (server process) whose request holds the claim; empty for a claim stored before
 *     claims named their instance, which only its {@code deadline} releases
 * @param response empty while the first request is still in flight
 * @param createdAt when the claim was made
 * @param deadline by then the claim's request has answered or died: the longest a request may run, from
 *     {@code createdAt}; an in-flight claim past it is stale whatever its instance
 * @param expiresAt from then on the key is free again
 */
public record IdempotencyRecord(TenantId tenantId, String key, String fingerprint, String claimId,
        Optional<String> holder, Optional<StoredResponse> response, Instant createdAt, Instant deadline,
        Instant expiresAt) {

    public IdempotencyRecord {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(claimId, "claimId");
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    public boolean inFlight() {
        return response.isEmpty();
    }

    public boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** Whether the claim's request has run out of time: it answered, or it will never answer. */
    public boolean pastDeadline(Instant now) {
        return !now.isBefore(deadline);
    }

    /** This record with its first request's answer. */
    public IdempotencyRecord answered(StoredResponse answer) {
        return new IdempotencyRecord(tenantId, key, fingerprint, claimId, holder, Optional.of(answer), createdAt,
                deadline, expiresAt);
    }
}
