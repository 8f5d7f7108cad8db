package io.promptengine.application.port.out;

import io.promptengine.application.model.StoredResponse;
import io.promptengine.domain.tenant.TenantId;
import java.time.Instant;
import java.util.Optional;

/**
 * Idempotency keys and the answers they stand for, per tenant. A key is claimed by inserting it, so of any number
 * of concurrent claims exactly one succeeds, on every instance that shares the store.
 */
public interface IdempotencyStore {

    /** Inserts the in-flight {@code claim}; {@code false} when the tenant's key is already there. */
    boolean claim(IdempotencyRecord claim);

    Optional<IdempotencyRecord> find(TenantId tenant, String key);

    /**
     * Replaces {@code current} (an expired record or a stale claim) with the in-flight {@code next}, unless another
     * request replaced or removed it first ({@code false}).
     */
    boolean takeOver(IdempotencyRecord current, IdempotencyRecord next);

    /** Stores the answer of the claim {@code claimId}; {@code false} when that claim no longer holds the key. */
    boolean complete(TenantId tenant, String key, String claimId, StoredResponse response);

    /** Removes the claim {@code claimId} if it still holds the key and has no answer, so the key is free again. */
    void release(TenantId tenant, String key, String claimId);

    /** Deletes every record that expired by {@code now}; returns how many. */
    int purgeExpired(Instant now);
}
