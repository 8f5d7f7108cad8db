package io.promptengine.application.service;

import io.promptengine.application.model.AuditCursor;
import io.promptengine.application.model.AuditEventPage;
import io.promptengine.application.port.in.AuditEventList;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.ListAuditEventsQuery;
import io.promptengine.application.port.in.Operator;
import io.promptengine.application.port.in.ReadAuditEventsUseCase;
import io.promptengine.application.port.out.AuditEventStore;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.error.PermissionDeniedException;
import io.promptengine.domain.tenant.Scope;
import io.promptengine.domain.tenant.TenantId;
import java.util.Objects;
import java.util.Optional;

/** The audit trail: a tenant's own events for its {@code manage} keys, every event for the operator. */
public final class AuditEventService implements ReadAuditEventsUseCase {

    private static final int MAX_TENANT_LENGTH = 64;

    private final AuditEventStore events;

    public AuditEventService(AuditEventStore events) {
        this.events = events;
    }

    @Override
    public AuditEventList list(Caller caller, ListAuditEventsQuery query) {
        caller.require(Scope.MANAGE);
        if (query.tenant().isPresent()) {
            throw new PermissionDeniedException("Only the operator key may name a tenant; an API key reads the "
                    + "audit events of its own tenant");
        }
        return page(Optional.of(caller.tenantId()), query);
    }

    @Override
    public AuditEventList list(Operator operator, ListAuditEventsQuery query) {
        Objects.requireNonNull(operator, "operator");
        return page(query.tenant().map(AuditEventService::tenant), query);
    }

    private AuditEventList page(Optional<TenantId> tenant, ListAuditEventsQuery query) {
        AuditEventPage page = events.list(tenant, query.filter(), query.cursor().map(AuditCursor::decode),
                query.limit());
        return new AuditEventList(page.items(), page.next().map(AuditCursor::encode));
    }

    private static TenantId tenant(String id) {
        if (id.isBlank() || id.length() > MAX_TENANT_LENGTH) {
            throw new InvalidInputException("tenant", "Field 'tenant' must be a tenant id of at most "
                    + MAX_TENANT_LENGTH + " characters");
        }
        return new TenantId(id);
    }
}
