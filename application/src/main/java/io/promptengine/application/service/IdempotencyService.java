package io.promptengine.application.service;

import io.promptengine.application.model.StoredResponse;
import io.promptengine.application.port.in.IdempotencyUseCase;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.ExecutionStore;
import io.promptengine.application.port.out.IdempotencyRecord;
import io.promptengine.application.port.out.IdempotencyStore;
import io.promptengine.application.port.out.InstanceRegistry;
import io.promptengine.application.port.out.Metrics;
import io.promptengine.application.port.out.NoMetrics;
import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.error.ConflictException;
import io.promptengine.domain.error.IdempotencyMismatchException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.tenant.TenantId;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Idempotency keys, claimed by inserting them into the {@link IdempotencyStore}: the one request whose insert
 * succeeds runs, the others find its record. A key is kept for the time to live from its first use, then free
 * again; expired records are replaced on use and purged at most every {@link #PURGE_INTERVAL}.
 *
 * <p>A request that dies while holding a key (its process crashed) must not block it: each claim names the
 * instance that holds it and its deadline, {@link #MAX_REQUEST_TIME} after it was made — longer than any execution
 * may run, {@link Endpoint#MAX_TIMEOUT}, plus a minute for everything around the model call. A claim still in flight
 * is left to its request (409) only while that request may still be running: its deadline has not passed, and its
 * instance is this one and still holds the claim, or another whose last heartbeat is younger than the liveness
 * bound. Otherwise the next request with the same key and body takes the claim over, with a conditional write, so
 * of racing retries one wins; it then answers with the execution the dead request had started, if it started one,
 * and runs the request if not.
 */
public final class IdempotencyService implements IdempotencyUseCase {

    static final Duration MAX_REQUEST_TIME = Endpoint.MAX_TIMEOUT.plusMinutes(1);
    static final Duration PURGE_INTERVAL = Duration.ofMinutes(10);
    /** A claim can be lost to a concurrent one only so often before one of them wins and stays. */
    private static final int MAX_ROUNDS = 5;
    private static final System.Logger LOG = System.getLogger(IdempotencyService.class.getName());

    private final IdempotencyStore store;
    private final ExecutionStore executions;
    private final InstanceRegistry instances;
    private final Clock clock;
    private final Settings settings;
    private final Metrics metrics;
    /** The claims this instance's requests hold now; one of this instance's claims not here has no request. */
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Instant> nextPurge = new AtomicReference<>(Instant.MIN);

    /**
     * @param ttl how long a key stands for its first request; positive
     * @param instance this instance's name, written on its claims and in its heartbeats
     * @param livenessBound an instance whose last heartbeat is older than this is gone; positive, and well over
     *     the interval between its heartbeats
     */
    public record Settings(Duration ttl, String instance, Duration livenessBound) {

        public Settings {
            Objects.requireNonNull(ttl, "ttl");
            Objects.requireNonNull(instance, "instance");
            Objects.requireNonNull(livenessBound, "livenessBound");
            if (ttl.isZero() || ttl.isNegative()) {
                throw new IllegalArgumentException("the idempotency key time to live must be positive");
            }
            if (livenessBound.isZero() || livenessBound.isNegative()) {
                throw new IllegalArgumentException("the liveness bound must be positive");
            }
        }
    }

    public IdempotencyService(IdempotencyStore store, ExecutionStore executions, InstanceRegistry instances,
            Clock clock, Settings settings) {
        this(store, executions, instances, clock, settings, new NoMetrics());
    }

    /** @param metrics told of every request answered with a stored response */
    public IdempotencyService(IdempotencyStore store, ExecutionStore executions, InstanceRegistry instances,
            Clock clock, Settings settings, Metrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.store = Objects.requireNonNull(store, "store");
        this.executions = Objects.requireNonNull(executions, "executions");
        this.instances = Objects.requireNonNull(instances, "instances");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public Begin begin(TenantId tenant, String key, String fingerprint) {
        Instant now = clock.now();
        purgeIfDue(now);
        IdempotencyRecord claim = new IdempotencyRecord(tenant, key, fingerprint, UUID.randomUUID().toString(),
                Optional.of(settings.instance()), Optional.empty(), now, now.plus(MAX_REQUEST_TIME),
                now.plus(settings.ttl()));
        // held before it is stored: a request of this instance that finds it a moment later must see it running
        held.add(claim.claimId());
        Begin begin;
        try {
            begin = claimOrAnswer(claim, now);
        } catch (RuntimeException e) {
            held.remove(claim.claimId());
            throw e;
        }
        if (begin instanceof Replay) {
            held.remove(claim.claimId());
            metrics.idempotentReplay(tenant);
        }
        return begin;
    }

    private Begin claimOrAnswer(IdempotencyRecord claim, Instant now) {
        String key = claim.key();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            IdempotencyStore.ClaimOutcome outcome = store.claim(claim);
            if (outcome instanceof IdempotencyStore.Claimed) {
                return claimOf(claim);
            }
            if (!(outcome instanceof IdempotencyStore.Occupied occupied)) {
                continue; // vacated: released or purged in between, so claim again
            }
            IdempotencyRecord existing = occupied.holder();
            if (existing.expired(now)) {
                if (store.takeOver(existing, claim) == IdempotencyStore.Write.APPLIED) {
                    return claimOf(claim);
                }
                continue;
            }
            if (!existing.fingerprint().equals(claim.fingerprint())) {
                throw new IdempotencyMismatchException("Idempotency-Key '" + key + "' was already used for a "
                        + "different request (method, path, query or body); use a new key for a new request");
            }
            if (existing.response().isPresent()) {
                return new Replay(existing.response().get());
            }
            if (mayStillRun(existing, now)) {
                throw new ConflictException("A request with Idempotency-Key '" + key + "' is still in progress; "
                        + "retry once it has answered");
            }
            if (store.takeOver(existing, claim) == IdempotencyStore.Write.APPLIED) {
                return takenOver(existing, claim);
            }
        }
        throw new ConflictException("Requests with Idempotency-Key '" + key + "' are racing for it; retry");
    }

    @Override
    public void finish(Claim claim, StoredResponse response) {
        try {
            IdempotencyStore.Write stored = store.complete(claim.tenant(), claim.key(), claim.claimId(), response);
            if (stored == IdempotencyStore.Write.LOST) {
                LOG.log(Level.WARNING, "an idempotency key was taken over before its first request answered; that "
                        + "answer is not stored");
            }
        } finally {
            held.remove(claim.claimId());
        }
    }

    @Override
    public void abandon(Claim claim) {
        try {
            store.release(claim.tenant(), claim.key(), claim.claimId());
        } finally {
            held.remove(claim.claimId());
        }
    }

    /**
     * Whether the request holding the in-flight {@code claim} may still answer it. A claim of this instance that
     * no request here holds was left by one whose answer could not be stored; a claim without a holder was made
     * before claims named one, and only its deadline tells.
     */
    private boolean mayStillRun(IdempotencyRecord claim, Instant now) {
        if (claim.pastDeadline(now)) {
            return false;
        }
        if (claim.holder().isEmpty()) {
            return true;
        }
        String holder = claim.holder().get();
        if (holder.equals(settings.instance())) {
            return held.contains(claim.claimId());
        }
        return instances.lastHeartbeat(holder)
                .map(beat -> now.isBefore(beat.plus(settings.livenessBound())))
                .orElse(false);
    }

    /**
     * {@code next} now holds the key that {@code dead}'s request left: it answers with what that request started,
     * looked up among the executions created while it may have run, or runs.
     */
    private Begin takenOver(IdempotencyRecord dead, IdempotencyRecord next) {
        Claim claim = claimOf(next);
        Optional<Execution> started;
        try {
            started = executions.findByIdempotencyKey(dead.tenantId(), dead.key(), dead.createdAt(),
                    dead.deadline());
        } catch (RuntimeException e) {
            store.release(claim.tenant(), claim.key(), claim.claimId());
            throw e;
        }
        LOG.log(Level.INFO, "took over an idempotency key whose request stopped before it answered ({0}); {1}",
                dead.pastDeadline(next.createdAt()) ? "its deadline passed" : "its instance is gone",
                started.isPresent() ? "answering with the execution it started" : "it started no execution");
        return started.<Begin>map(execution -> new Recorded(claim, execution)).orElse(claim);
    }

    private static Claim claimOf(IdempotencyRecord record) {
        return new Claim(record.tenantId(), record.key(), record.claimId());
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
}
