package io.promptengine.application.port.out;

import io.promptengine.application.model.AuditCursor;
import io.promptengine.application.model.AuditEventPage;
import io.promptengine.application.model.AuditFilter;
import io.promptengine.domain.tenant.TenantId;
import java.util.Optional;

/**
 * The audit trail, read side. Events are written only by the stores that make the changes they record, in the same
 * transaction (see the {@code audit} parameters of {@link ApiKeyStore}, {@link EndpointStore}, {@link PromptStore},
 * {@link PlanStore} and {@link TenantStore}), and never changed afterwards; retention alone deletes them.
 */
public interface AuditEventStore {

    /**
     * Up to {@code limit} events newest first (by time, then id), strictly after {@code after} when given.
     *
     * @param tenant only that tenant's events; every event, the installation's own included, when absent
     */
    AuditEventPage list(Optional<TenantId> tenant, AuditFilter filter, Optional<AuditCursor> after, int limit);
}
