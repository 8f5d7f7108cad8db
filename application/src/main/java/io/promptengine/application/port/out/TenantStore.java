package io.promptengine.application.port.out;

import io.promptengine.domain.tenant.Tenant;
import io.promptengine.domain.tenant.TenantId;
import java.util.List;
import java.util.Optional;

/** Tenants by id and by slug. Slugs are unique. */
public interface TenantStore {

    /** Stores a new tenant; a taken slug is a {@code ConflictException}. */
    void insert(Tenant tenant);

    Optional<Tenant> find(TenantId id);

    Optional<Tenant> findBySlug(String slug);

    /** Stores the plan and active flag of the tenant with this id; its slug, name and creation never change. */
    void update(Tenant tenant);

    /** Up to {@code limit} tenants in slug order, starting strictly after {@code afterSlug} when given. */
    List<Tenant> list(Optional<String> afterSlug, int limit);
}
