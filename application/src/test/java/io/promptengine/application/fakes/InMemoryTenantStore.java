package io.promptengine.application.fakes;

import io.promptengine.application.port.out.TenantStore;
import io.promptengine.domain.audit.AuditEvent;
import io.promptengine.domain.error.ConflictException;
import io.promptengine.domain.tenant.Tenant;
import io.promptengine.domain.tenant.TenantId;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Tenants in a map, with the store's unique slug. Thread-safe. */
public final class InMemoryTenantStore implements TenantStore {

    private final Map<TenantId, Tenant> byId = new LinkedHashMap<>();

    private final InMemoryAuditEventStore audit;

    /** With an audit trail of its own, which no one else sees. */
    public InMemoryTenantStore() {
        this(new InMemoryAuditEventStore());
    }

    /** Appending the audit events of its changes to {@code audit}. */
    public InMemoryTenantStore(InMemoryAuditEventStore audit) {
        this.audit = audit;
    }

    @Override
    public synchronized void insert(Tenant tenant, Optional<AuditEvent> event) {
        if (byId.containsKey(tenant.id())) {
            throw new IllegalStateException("tenant id " + tenant.id() + " is already stored");
        }
        if (findBySlug(tenant.slug()).isPresent()) {
            throw new ConflictException("A tenant with slug '" + tenant.slug() + "' already exists");
        }
        byId.put(tenant.id(), tenant);
        event.ifPresent(audit::append);
    }

    @Override
    public synchronized Optional<Tenant> find(TenantId id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public synchronized Optional<Tenant> findBySlug(String slug) {
        return byId.values().stream().filter(tenant -> tenant.slug().equals(slug)).findFirst();
    }

    @Override
    public synchronized void update(Tenant tenant, Optional<AuditEvent> event) {
        if (byId.containsKey(tenant.id())) {
            event.ifPresent(audit::append);
        }
        byId.computeIfPresent(tenant.id(), (id, stored) -> new Tenant(stored.id(), stored.slug(), stored.name(),
                tenant.plan(), tenant.active(), stored.createdAt()));
    }

    @Override
    public synchronized List<Tenant> list(Optional<String> afterSlug, int limit) {
        return byId.values().stream()
                .filter(tenant -> afterSlug.map(after -> tenant.slug().compareTo(after) > 0).orElse(true))
                .sorted(Comparator.comparing(Tenant::slug))
                .limit(limit)
                .toList();
    }

    /** Every stored tenant, in insertion order. */
    public synchronized List<Tenant> all() {
        return List.copyOf(byId.values());
    }
}
