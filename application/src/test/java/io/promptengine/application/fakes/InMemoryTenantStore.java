package io.promptengine.application.fakes;

import io.promptengine.application.port.out.TenantStore;
import io.promptengine.domain.error.ConflictException;
import io.promptengine.domain.tenant.Tenant;
import io.promptengine.domain.tenant.TenantId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Tenants in a map, with the store's unique slug. Thread-safe. */
public final class InMemoryTenantStore implements TenantStore {

    private final Map<TenantId, Tenant> byId = new LinkedHashMap<>();

    @Override
    public synchronized void insert(Tenant tenant) {
        if (byId.containsKey(tenant.id())) {
            throw new IllegalStateException("tenant id " + tenant.id() + " is already stored");
        }
        if (findBySlug(tenant.slug()).isPresent()) {
            throw new ConflictException("Tenant slug '" + tenant.slug() + "' is already taken");
        }
        byId.put(tenant.id(), tenant);
    }

    @Override
    public synchronized Optional<Tenant> find(TenantId id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public synchronized Optional<Tenant> findBySlug(String slug) {
        return byId.values().stream().filter(tenant -> tenant.slug().equals(slug)).findFirst();
    }

    /** Every stored tenant, in insertion order. */
    public synchronized List<Tenant> all() {
        return List.copyOf(byId.values());
    }
}
