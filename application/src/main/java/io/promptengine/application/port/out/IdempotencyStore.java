package io.promptengine.application.port.out;

import io.promptengine.application.model.StoredResponse;
import io.promptengine.domain.tenant.TenantId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Idempotency keys and the answers they stand for, per tenant. A key is claimed by inserting it, so of any number
 * of concurrent claims exactly one succeeds, on every instance that shares the store.
 */
public interface IdempotencyStore {

    /**
     * Inserts the in-flight {@code claim}: {@link Claimed} when the tenant's key was free, else the record that
     * holds it ({@link Occupied}), or {@link Vacated} when that record was gone by the time it was read.
     */
    ClaimOutcome claim(IdempotencyRecord claim);

    Optional<IdempotencyRecord> find(TenantId tenant, String key);

    /**
     * Replaces {@code current} (an expired record or a stale claim) with the in-flight {@code next}, unless another
     * request replaced or removed it first ({@link Write#LOST}).
     */
    Write takeOver(IdempotencyRecord current, IdempotencyRecord next);

    /** Stores the answer of the claim {@code claimId}; {@link Write#LOST} when that claim no longer holds the key. */
    Write complete(TenantId tenant, String key, String claimId, StoredResponse response);

    /** Removes the claim {@code claimId} if it still holds the key and has no answer, so the key is free again. */
    void release(TenantId tenant, String key, String claimId);

    /** Deletes every record that expired by {@code now}; returns how many. */
    int purgeExpired(Instant now);

    /** What inserting a claim found. */
    sealed interface ClaimOutcome permits Claimed, Occupied, Vacated {
    }

    /** The key was free: {@code claim} holds it now. */
    record Claimed(IdempotencyRecord claim) implements ClaimOutcome {

        public Claimed {
            Objects.requireNonNull(claim, "claim");
        }
    }

    /** The key is {@code holder}'s: a claim in flight, a stored answer, or a record past its expiry. */
    record Occupied(IdempotencyRecord holder) implements ClaimOutcome {

        public Occupied {
            Objects.requireNonNull(holder, "holder");
        }
    }

    /**
     * The key was held when the claim was inserted and free again when its holder was read (released or purged in
     * between): nothing was stored, and a new claim may succeed.
     */
    record Vacated() implements ClaimOutcome {
    }

    /** How a write conditional on a record read earlier went. */
    enum Write {
        /** The record was still as read, and now holds what was written. */
        APPLIED,
        /** Another request replaced or removed the record first; nothing was written. */
        LOST
    }
}
