package io.promptengine.application.service;

import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.Operator;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.IdGenerator;
import io.promptengine.domain.audit.Actor;
import io.promptengine.domain.audit.AuditAction;
import io.promptengine.domain.audit.AuditEvent;
import io.promptengine.domain.tenant.TenantId;
import java.util.Optional;

/**
 * Makes the audit events of management changes; the stores that make the changes write them. Shared by every
 * managing service, so an event names its actor and request the same way whichever service made it.
 */
public final class AuditTrail {

    private final IdGenerator ids;
    private final Clock clock;

    public AuditTrail(IdGenerator ids, Clock clock) {
        this.ids = ids;
        this.clock = clock;
    }

    /** A change a tenant's key made to its own tenant's data. */
    AuditEvent byKey(Caller caller, AuditAction action, String targetId, Changes changes) {
        return new AuditEvent(ids.auditEventId(), Optional.of(caller.tenantId()), Actor.apiKey(caller.apiKeyId()),
                action, targetId, changes.before(), changes.after(), clock.now(), caller.requestId());
    }

    /**
     * A change the operator made.
     *
     * @param tenant the tenant it changed; absent for a change of the whole installation
     */
    AuditEvent byOperator(Operator operator, Optional<TenantId> tenant, AuditAction action, String targetId,
            Changes changes) {
        return new AuditEvent(ids.auditEventId(), tenant, Actor.OPERATOR, action, targetId, changes.before(),
                changes.after(), clock.now(), operator.requestId());
    }
}
