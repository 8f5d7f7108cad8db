package io.promptengine.application.port.in;

import java.util.Objects;

/**
 * Tenants, plans and keys, and the audit trail of their changes: what the operator manages (over {@code /v1/admin} or the command line), and the keys a
 * tenant manages for itself. The command line takes this group alone, without the rest of the engine.
 */
public record AdministrationUseCases(
        ManageTenantsUseCase tenants,
        ManagePlansUseCase plans,
        ManageApiKeysUseCase apiKeys,
        ReadAuditEventsUseCase auditEvents) {

    public AdministrationUseCases {
        Objects.requireNonNull(tenants, "tenants");
        Objects.requireNonNull(plans, "plans");
        Objects.requireNonNull(apiKeys, "apiKeys");
        Objects.requireNonNull(auditEvents, "auditEvents");
    }
}
