package io.promptengine.application.port.out;

import io.promptengine.domain.audit.AuditEvent;
import io.promptengine.domain.tenant.Tenant;
import io.promptengine.domain.tenant.TenantId;
import java.util.List;
import java.util.Optional;

/** Tenants by id and by slug. Slugs are unique. */
public interface TenantStore {

    /** Stores a new tenant; a taken slug is a {@code ConflictException}. */
    default void insert(Tenant tenant) {
        insert(tenant, Optional.empty());
    }

    /** Stores a new tenant and, in the same transaction, the audit event of its creation. */
    void insert(Tenant tenant, Optional<AuditEvent> audit);

    Optional<Tenant> find(TenantId id);

    Optional<Tenant> findBySlug(String slug);

    /** Stores the plan and active flag of the tenant with this id; its slug, name and creation never change. */
    default void update(Tenant tenant) {
        update(tenant, Optional.empty());
    }

    /** Stores the change as {@link #update(Tenant)} and, in the same transaction, its audit event. */
    void update(Tenant tenant, Optional<AuditEvent> audit);

    /** Up to {@code limit} tenants in slug order, starting strictly after {@code afterSlug} when given. */
    List<Tenant> list(Optional<String> afterSlug, int limit);
}
