package io.promptengine.application.port.out;

import io.promptengine.domain.audit.AuditEvent;
import io.promptengine.domain.tenant.TenantId;
import io.promptengine.domain.webhook.Webhook;
import io.promptengine.domain.webhook.WebhookId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Tenants' webhook endpoints, with their secrets in clear (signing needs them). The owner's changes replace the
 * whole endpoint; what delivery learns about an endpoint ({@link #markFailing}, {@link #markHealthy},
 * {@link #disable}) changes only its own columns, so it never overwrites the owner's edit made meanwhile.
 */
public interface WebhookStore {

    /** Stores a new endpoint and, in the same transaction, the audit event of its creation. */
    void insert(Webhook webhook, Optional<AuditEvent> audit);

    /** Replaces a stored endpoint (same id and tenant) and, in the same transaction, stores the audit event. */
    void update(Webhook webhook, Optional<AuditEvent> audit);

    /**
     * Deletes the endpoint and its deliveries and returns it as it was, storing the audit event only when it deleted
     * one; empty when the tenant has no such endpoint.
     */
    Optional<Webhook> delete(TenantId tenant, WebhookId id, Optional<AuditEvent> audit);

    /** The endpoint if it belongs to {@code tenant}; another tenant's is as absent as a missing one. */
    Optional<Webhook> find(TenantId tenant, WebhookId id);

    /** Any tenant's endpoint: for delivery, which acts for the system. */
    Optional<Webhook> find(WebhookId id);

    /** The tenant's endpoints, oldest first. */
    List<Webhook> list(TenantId tenant);

    /** Records that the endpoint began failing at {@code since}, unless it is failing already. */
    void markFailing(WebhookId id, Instant since);

    /** Records that the endpoint succeeded: it is no longer failing. */
    void markHealthy(WebhookId id);

    /** Disables the endpoint for {@code reason}, unless it is disabled already (its first reason stands). */
    void disable(WebhookId id, String reason, Instant now);
}
