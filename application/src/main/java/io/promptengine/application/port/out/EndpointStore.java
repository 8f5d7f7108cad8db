package io.promptengine.application.port.out;

import io.promptengine.domain.audit.AuditEvent;
import io.promptengine.domain.common.EndpointId;
import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.endpoint.EndpointPath;
import io.promptengine.domain.tenant.TenantId;
import java.util.List;
import java.util.Optional;

/** Tenants' endpoints. A path is unique within its tenant. */
public interface EndpointStore {

    /** Stores a new endpoint; a path the tenant already uses is a {@code ConflictException}. */
    default void insert(Endpoint endpoint) {
        insert(endpoint, Optional.empty());
    }

    /** Stores a new endpoint and, in the same transaction, the audit event of its creation. */
    void insert(Endpoint endpoint, Optional<AuditEvent> audit);

    /** Replaces a stored endpoint (same id and tenant); a clashing path is a {@code ConflictException}. */
    default void update(Endpoint endpoint) {
        update(endpoint, Optional.empty());
    }

    /** Replaces a stored endpoint and, in the same transaction, stores the audit event of the change. */
    void update(Endpoint endpoint, Optional<AuditEvent> audit);

    /**
     * Deletes the endpoint together with its prompts, their versions and conversations, and returns it as it was;
     * empty when the tenant has no such endpoint.
     */
    default Optional<Endpoint> delete(TenantId tenant, EndpointId id) {
        return delete(tenant, id, Optional.empty());
    }

    /** Deletes as {@link #delete(TenantId, EndpointId)}, storing the audit event only when it deleted one. */
    Optional<Endpoint> delete(TenantId tenant, EndpointId id, Optional<AuditEvent> audit);

    Optional<Endpoint> find(TenantId tenant, EndpointId id);

    /** Called on every endpoint request: adapters should make it cheap. */
    Optional<Endpoint> findByPath(TenantId tenant, EndpointPath path);

    /** The tenant's endpoints by path. */
    List<Endpoint> list(TenantId tenant);
}
