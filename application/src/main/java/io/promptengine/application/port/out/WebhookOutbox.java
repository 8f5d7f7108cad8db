package io.promptengine.application.port.out;

import io.promptengine.domain.tenant.TenantId;
import io.promptengine.domain.webhook.Delivery;
import io.promptengine.domain.webhook.WebhookId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The deliveries of webhook events, as an outbox that every instance's delivery workers take from. The deliveries
 * of an execution's end are written by the execution store, in the transaction that ends the execution, one for
 * each of the tenant's enabled endpoints that subscribe to the event; the {@code webhook.test} ones by
 * {@link #enqueue}. An event's body is stored with its delivery: given to {@link #enqueue}, or {@link #attach
 * attached} by the worker before the first attempt, and sent unchanged by every attempt after.
 *
 * <p>A worker <em>claims</em> a pending delivery that is due, of an enabled endpoint: its attempt number one higher
 * and a lease for its owner until a given instant, so no other worker attempts it meanwhile; a worker that dies
 * mid-attempt leaves a lease that expires, and the delivery is claimed again (at least once, with the same
 * event id). {@link #record} is fenced by the owner and the attempt, like the execution queue's finish.
 */
public interface WebhookOutbox {

    /**
     * Claims up to {@code limit} pending deliveries due at {@code now}, of enabled endpoints, whose lease is absent
     * or expired, for {@code owner} until {@code now + lease}; no two claims return the same attempt.
     */
    List<Claimed> claim(String owner, int limit, Instant now, Duration lease);

    /** Stores the body of a delivery that has none yet; a body stored already stays. */
    void attach(String deliveryId, byte[] body);

    /**
     * Stores how the claimed attempt went, if {@code owner} still holds it, and releases the lease.
     *
     * @return {@code APPLIED}, or {@code STALE} when the attempt was no longer the owner's
     */
    ExecutionStore.Write record(String owner, Delivery attempted);

    /**
     * Gives back a claimed delivery unattempted (its endpoint was disabled meanwhile), if {@code owner} still holds
     * it: pending as before, its attempt uncounted, its lease released.
     */
    void release(String owner, Delivery claimed);

    /** Adds a delivery with its body, due at once. */
    void enqueue(Delivery delivery, byte[] body);

    /** The endpoint's deliveries, newest first: up to {@code limit}, created before {@code before} when given. */
    List<Delivery> list(TenantId tenant, WebhookId webhook, Optional<String> before, int limit);

    /** The delivery if it is of {@code webhook} of {@code tenant}. */
    Optional<Delivery> find(TenantId tenant, WebhookId webhook, String deliveryId);

    /**
     * Makes the delivery pending and due at {@code now}, one more attempt beyond those made, with the same event id
     * and body; empty when there is no such delivery.
     */
    Optional<Delivery> retry(TenantId tenant, WebhookId webhook, String deliveryId, Instant now);

    /**
     * A claimed delivery, and its body when one is stored.
     *
     * @param body empty for an execution's event before its first attempt
     */
    record Claimed(Delivery delivery, Optional<byte[]> body) {
        public Claimed {
            Objects.requireNonNull(delivery, "delivery");
            Objects.requireNonNull(body, "body");
        }
    }
}
