package io.promptengine.application.port.in;

import io.promptengine.application.model.StoredResponse;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.tenant.TenantId;
import java.util.Objects;

/**
 * {@code Idempotency-Key} with Stripe's semantics for the requests that start executions. A request {@link #begin}s
 * with its key and fingerprint before it starts any work, then either {@link #finish}es with its answer or
 * {@link #abandon}s the key when it was refused before an execution was created.
 *
 * <p>A key held by a request that cannot still be running — its instance is gone, or its deadline has passed — is
 * released to the next request with the same key and fingerprint: that request runs ({@link Claim}), or, when the
 * dead request had already started an execution, answers with that execution ({@link Recorded}).
 */
public interface IdempotencyUseCase {

    /**
     * Claims the tenant's {@code key} for this request, or answers with the first request's stored response when
     * the key has one for the same fingerprint. Throws {@code ConflictException} (409) while the first request is
     * still in flight and {@code IdempotencyMismatchException} (422) when the key was used for a different request.
     * A claim whose request died is taken over: this request then holds the key as a {@link Claim} or a
     * {@link Recorded}.
     */
    Begin begin(TenantId tenant, String key, String fingerprint);

    /** Stores the answer of the request holding {@code claim}, to be replayed until the key expires. */
    void finish(Claim claim, StoredResponse response);

    /** Frees the key: the request was refused before it started an execution, so a retry may run. */
    void abandon(Claim claim);

    /** How a request with an idempotency key goes on. */
    sealed interface Begin permits Claim, Replay, Recorded {
    }

    /** The key is this request's: run it, then {@link #finish} or {@link #abandon}. */
    record Claim(TenantId tenant, String key, String claimId) implements Begin {

        public Claim {
            Objects.requireNonNull(tenant, "tenant");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(claimId, "claimId");
        }
    }

    /**
     * The key's first request died after it had started {@code execution}, before its answer was stored: answer
     * with that execution as the first request would have (a completed one, its failure, or a queued one's 202),
     * run nothing, and {@link #finish} with that answer under {@code claim}, which now holds the key.
     */
    record Recorded(Claim claim, Execution execution) implements Begin {

        public Recorded {
            Objects.requireNonNull(claim, "claim");
            Objects.requireNonNull(execution, "execution");
        }
    }

    /** The key's first request already answered: send this again, run nothing. */
    record Replay(StoredResponse response) implements Begin {

        public Replay {
            Objects.requireNonNull(response, "response");
        }
    }
}
