package io.promptengine.application.port.out;

import io.promptengine.domain.common.EndpointId;
import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.endpoint.EndpointPath;
import io.promptengine.domain.tenant.TenantId;
import java.util.List;
import java.util.Optional;

/** Tenants' endpoints. A path is unique within its tenant. */
public interface EndpointStore {

    /** Stores a new endpoint; a path the tenant already uses is a {@code ConflictException}. */
    void insert(Endpoint endpoint);

    /** Replaces a stored endpoint (same id and tenant); a clashing path is a {@code ConflictException}. */
    void update(Endpoint endpoint);

    /**
     * Deletes the endpoint together with its prompts, their versions and conversations, and returns it as it was;
     * empty when the tenant has no such endpoint.
     */
    Optional<Endpoint> delete(TenantId tenant, EndpointId id);

    Optional<Endpoint> find(TenantId tenant, EndpointId id);

    /** Called on every endpoint request: adapters should make it cheap. */
    Optional<Endpoint> findByPath(TenantId tenant, EndpointPath path);

    /** The tenant's endpoints by path. */
    List<Endpoint> list(TenantId tenant);
}
