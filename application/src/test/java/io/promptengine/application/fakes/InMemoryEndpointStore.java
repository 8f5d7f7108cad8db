package io.promptengine.application.fakes;

import io.promptengine.application.port.out.EndpointStore;
import io.promptengine.domain.audit.AuditEvent;
import io.promptengine.domain.common.EndpointId;
import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.endpoint.EndpointPath;
import io.promptengine.domain.error.ConflictException;
import io.promptengine.domain.tenant.TenantId;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Endpoints in a map, paths unique per tenant. Deleting an endpoint deletes its prompts from the prompt store it was
 * made with, as a database's cascade does. Thread-safe.
 */
public final class InMemoryEndpointStore implements EndpointStore {

    private final Map<EndpointId, Endpoint> byId = new LinkedHashMap<>();
    private final InMemoryPromptStore prompts;
    private final InMemoryAuditEventStore audit;

    /** With a prompt store and an audit trail of its own, which no one else sees. */
    public InMemoryEndpointStore() {
        this(new InMemoryPromptStore());
    }

    /** Deleting an endpoint deletes its prompts from {@code prompts}. */
    public InMemoryEndpointStore(InMemoryPromptStore prompts) {
        this(prompts, new InMemoryAuditEventStore());
    }

    /** ... and the audit events of its changes go to {@code audit}. */
    public InMemoryEndpointStore(InMemoryPromptStore prompts, InMemoryAuditEventStore audit) {
        this.prompts = prompts;
        this.audit = audit;
    }

    @Override
    public synchronized void insert(Endpoint endpoint, Optional<AuditEvent> event) {
        if (byId.containsKey(endpoint.id())) {
            throw new IllegalStateException("endpoint id " + endpoint.id() + " is already stored");
        }
        requireFreePath(endpoint);
        byId.put(endpoint.id(), endpoint);
        event.ifPresent(audit::append);
    }

    @Override
    public synchronized void update(Endpoint endpoint, Optional<AuditEvent> event) {
        Endpoint stored = byId.get(endpoint.id());
        if (stored == null || !stored.tenantId().equals(endpoint.tenantId())) {
            throw new IllegalStateException("no endpoint " + endpoint.id() + " to update");
        }
        requireFreePath(endpoint);
        byId.put(endpoint.id(), endpoint);
        event.ifPresent(audit::append);
    }

    @Override
    public synchronized Optional<Endpoint> delete(TenantId tenant, EndpointId id, Optional<AuditEvent> event) {
        Optional<Endpoint> found = find(tenant, id);
        found.ifPresent(endpoint -> {
            byId.remove(endpoint.id());
            prompts.deleteOfEndpoint(endpoint.id());
            event.ifPresent(audit::append);
        });
        return found;
    }

    @Override
    public synchronized Optional<Endpoint> find(TenantId tenant, EndpointId id) {
        return Optional.ofNullable(byId.get(id)).filter(endpoint -> endpoint.tenantId().equals(tenant));
    }

    @Override
    public synchronized Optional<Endpoint> findByPath(TenantId tenant, EndpointPath path) {
        return byId.values().stream()
                .filter(endpoint -> endpoint.tenantId().equals(tenant) && endpoint.path().equals(path)).findFirst();
    }

    @Override
    public synchronized List<Endpoint> list(TenantId tenant) {
        return byId.values().stream().filter(endpoint -> endpoint.tenantId().equals(tenant))
                .sorted(Comparator.comparing(endpoint -> endpoint.path().value())).toList();
    }

    private void requireFreePath(Endpoint endpoint) {
        findByPath(endpoint.tenantId(), endpoint.path()).filter(other -> !other.id().equals(endpoint.id()))
                .ifPresent(other -> {
                    throw new ConflictException("An endpoint with path '" + endpoint.path() + "' already exists");
                });
    }
}
