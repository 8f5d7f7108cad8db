package io.promptengine.application.fakes;

import io.promptengine.application.port.out.WebhookStore;
import io.promptengine.domain.audit.AuditEvent;
import io.promptengine.domain.tenant.TenantId;
import io.promptengine.domain.webhook.Webhook;
import io.promptengine.domain.webhook.WebhookId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Webhook endpoints in a map; deleting one deletes its deliveries from the outbox it was made with. Thread-safe. */
public final class InMemoryWebhookStore implements WebhookStore {

    private final Map<WebhookId, Webhook> byId = new LinkedHashMap<>();
    private final InMemoryAuditEventStore audit;
    private final InMemoryWebhookOutbox outbox;

    public InMemoryWebhookStore() {
        this(new InMemoryAuditEventStore(), new InMemoryWebhookOutbox());
    }

    public InMemoryWebhookStore(InMemoryAuditEventStore audit, InMemoryWebhookOutbox outbox) {
        this.audit = audit;
        this.outbox = outbox;
    }

    @Override
    public synchronized void insert(Webhook webhook, Optional<AuditEvent> event) {
        if (byId.containsKey(webhook.id())) {
            throw new IllegalStateException("duplicate webhook id " + webhook.id());
        }
        byId.put(webhook.id(), webhook);
        event.ifPresent(audit::append);
    }

    @Override
    public synchronized void update(Webhook webhook, Optional<AuditEvent> event) {
        Webhook current = byId.get(webhook.id());
        if (current != null && current.tenantId().equals(webhook.tenantId())) {
            byId.put(webhook.id(), webhook);
            event.ifPresent(audit::append);
        }
    }

    @Override
    public synchronized Optional<Webhook> delete(TenantId tenant, WebhookId id, Optional<AuditEvent> event) {
        Optional<Webhook> found = find(tenant, id);
        found.ifPresent(webhook -> {
            byId.remove(id);
            outbox.deleteOf(id);
            event.ifPresent(audit::append);
        });
        return found;
    }

    @Override
    public synchronized Optional<Webhook> find(TenantId tenant, WebhookId id) {
        return find(id).filter(webhook -> webhook.tenantId().equals(tenant));
    }

    @Override
    public synchronized Optional<Webhook> find(WebhookId id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public synchronized List<Webhook> list(TenantId tenant) {
        List<Webhook> list = new ArrayList<>();
        byId.values().stream().filter(webhook -> webhook.tenantId().equals(tenant)).forEach(list::add);
        return list;
    }

    @Override
    public synchronized void markFailing(WebhookId id, Instant since) {
        Webhook current = byId.get(id);
        if (current != null && current.failingSince().isEmpty()) {
            byId.put(id, withFailingSince(current, Optional.of(since)));
        }
    }

    @Override
    public synchronized void markHealthy(WebhookId id) {
        Webhook current = byId.get(id);
        if (current != null) {
            byId.put(id, withFailingSince(current, Optional.empty()));
        }
    }

    @Override
    public synchronized void disable(WebhookId id, String reason, Instant now) {
        Webhook current = byId.get(id);
        if (current != null) {
            byId.put(id, current.disable(reason, now));
        }
    }

    private static Webhook withFailingSince(Webhook webhook, Optional<Instant> since) {
        return new Webhook(webhook.id(), webhook.tenantId(), webhook.url(), webhook.events(),
                webhook.endpointFilter(), webhook.surfaceFilter(), webhook.description(), webhook.enabled(),
                webhook.disabledReason(), webhook.secret(), webhook.previousSecret(), since, webhook.createdAt(),
                webhook.updatedAt());
    }
}
