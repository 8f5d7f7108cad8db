package io.promptengine.application.port.in;

/**
 * The audit trail of management changes. A tenant's key with the {@code manage} scope reads its own tenant's events
 * and no other's (naming a tenant is refused with 403); the operator reads every tenant's, and the installation's
 * own (plans), and may name one tenant.
 */
public interface ReadAuditEventsUseCase {

    AuditEventList list(Caller caller, ListAuditEventsQuery query);

    AuditEventList list(Operator operator, ListAuditEventsQuery query);
}
