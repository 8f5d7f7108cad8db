package io.promptengine.application.service;

import io.promptengine.application.port.in.IdempotencyUseCase;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.IdempotencyRecord;
import io.promptengine.application.port.out.IdempotencyStore;
import io.promptengine.application.port.out.StoredResponse;
import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.error.ConflictException;
import io.promptengine.domain.error.IdempotencyMismatchException;
import io.promptengine.domain.tenant.TenantId;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Idempotency keys, claimed by inserting them into the {@link IdempotencyStore}: the one request whose insert
 * succeeds runs, the others find its record. A key is kept for the time to live from its first use, then free
 * again; expired records are replaced on use and purged at most every {@link #PURGE_INTERVAL}.
 *
 * <p>A request that dies while holding a key (the process crashed) must not block it for a day: a claim still in
 * flight after {@link #STALE_AFTER} — longer than any execution may run, {@link Endpoint#MAX_TIMEOUT}, plus a
 * minute for everything around the model call — is taken over by the next request with the same key and body.
 */
public final class IdempotencyService implements IdempotencyUseCase {

    static final Duration STALE_AFTER = Endpoint.MAX_TIMEOUT.plusMinutes(1);
    static final Duration PURGE_INTERVAL = Duration.ofMinutes(10);
    /** A claim can be lost to a concurrent one only so often before one of them wins and stays. */
    private static final int MAX_ROUNDS = 5;
    private static final System.Logger LOG = System.getLogger(IdempotencyService.class.getName());

    private final IdempotencyStore store;
    private final Clock clock;
    private final Duration ttl;
    private final AtomicReference<Instant> nextPurge = new AtomicReference<>(Instant.MIN);

    /** @param ttl how long a key stands for its first request; positive */
    public IdempotencyService(IdempotencyStore store, Clock clock, Duration ttl) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        if (ttl.isZero() || ttl.isNegative()) {
            throw new IllegalArgumentException("the idempotency key time to live must be positive");
        }
    }

    @Override
    public Begin begin(TenantId tenant, String key, String fingerprint) {
        Instant now = clock.now();
        purgeIfDue(now);
        IdempotencyRecord claim = new IdempotencyRecord(tenant, key, fingerprint, UUID.randomUUID().toString(),
                Optional.empty(), now, now.plus(ttl));
        for (int round = 0; round < MAX_ROUNDS; round++) {
            if (store.claim(claim)) {
                return claimOf(claim);
            }
            Optional<IdempotencyRecord> found = store.find(tenant, key);
            if (found.isEmpty()) {
                continue; // released or purged in between: claim again
            }
            IdempotencyRecord existing = found.get();
            if (existing.expired(now)) {
                if (store.takeOver(existing, claim)) {
                    return claimOf(claim);
                }
                continue;
            }
            if (!existing.fingerprint().equals(fingerprint)) {
                throw new IdempotencyMismatchException("Idempotency-Key '" + key + "' was already used for a "
                        + "different request (method, path, query or body); use a new key for a new request");
            }
            if (existing.response().isPresent()) {
                return new Replay(existing.response().get());
            }
            if (now.isBefore(existing.createdAt().plus(STALE_AFTER))) {
                throw new ConflictException("A request with Idempotency-Key '" + key + "' is still in progress; "
                        + "retry once it has answered");
            }
            if (store.takeOver(existing, claim)) {
                LOG.log(Level.INFO, "took over an idempotency key whose first request never answered");
                return claimOf(claim);
            }
        }
        throw new ConflictException("Requests with Idempotency-Key '" + key + "' are racing for it; retry");
    }

    @Override
    public void finish(Claim claim, StoredResponse response) {
        if (!store.complete(claim.tenant(), claim.key(), claim.claimId(), response)) {
            LOG.log(Level.WARNING, "an idempotency key was taken over before its first request answered; that "
                    + "answer is not stored");
        }
    }

    @Override
    public void abandon(Claim claim) {
        store.release(claim.tenant(), claim.key(), claim.claimId());
    }

    private void purgeIfDue(Instant now) {
        Instant due = nextPurge.get();
        if (now.isBefore(due) || !nextPurge.compareAndSet(due, now.plus(PURGE_INTERVAL))) {
            return;
        }
        int purged = store.purgeExpired(now);
        if (purged > 0) {
            LOG.log(Level.DEBUG, "purged {0} expired idempotency keys", purged);
        }
    }

    private static Claim claimOf(IdempotencyRecord record) {
        return new Claim(record.tenantId(), record.key(), record.claimId());
    }
}
