package io.promptengine.adapters.http;

import io.promptengine.application.port.in.AuditEventList;
import io.promptengine.domain.audit.AuditEvent;
import io.promptengine.domain.tenant.TenantId;
import java.util.List;
import java.util.Map;

/** The JSON of {@code GET /v1/audit-events}. */
final class AuditEventBodies {

    private AuditEventBodies() {
    }

    /** A page, newest first. */
    record ListBody(List<AuditEventBody> data, boolean hasMore, String nextCursor) {
        static ListBody of(AuditEventList page) {
            return new ListBody(page.items().stream().map(AuditEventBody::of).toList(),
                    page.nextCursor().isPresent(), page.nextCursor().orElse(null));
        }
    }

    /** {@code tenant_id} and {@code request_id} are left out when the event has none. */
    record AuditEventBody(String id, String object, String tenantId, String actor, String action, TargetBody target,
            ChangesBody changes, String createdAt, String requestId) {
        static AuditEventBody of(AuditEvent event) {
            return new AuditEventBody(event.id(), "audit_event", event.tenant().map(TenantId::value).orElse(null),
                    event.actor().value(), event.action().wireName(),
                    new TargetBody(event.targetType().wireName(), event.targetId()),
                    new ChangesBody(event.before(), event.after()), ExecutionBodies.time(event.at()),
                    event.requestId().orElse(null));
        }
    }

    record TargetBody(String type, String id) {
    }

    record ChangesBody(Map<String, String> before, Map<String, String> after) {
    }
}
