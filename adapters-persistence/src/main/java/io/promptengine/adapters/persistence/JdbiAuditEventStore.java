package io.promptengine.adapters.persistence;

import io.promptengine.application.model.AuditCursor;
import io.promptengine.application.model.AuditEventPage;
import io.promptengine.application.model.AuditFilter;
import io.promptengine.application.port.out.AuditEventStore;
import io.promptengine.domain.audit.Actor;
import io.promptengine.domain.audit.AuditAction;
import io.promptengine.domain.audit.AuditEvent;
import io.promptengine.domain.tenant.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The audit trail in {@code audit_events}. The stores that make management changes write the rows, each with
 * {@link #append} on the handle of the change's own transaction; this store only reads them.
 */
final class JdbiAuditEventStore implements AuditEventStore {

    private static final String SELECT = "SELECT id, tenant_id, actor, action, target_id, summary_before, "
            + "summary_after, occurred_at, request_id FROM audit_events";

    private final Jdbi jdbi;

    JdbiAuditEventStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Writes the events on {@code handle}, inside the transaction of the change they record. */
    static void append(Handle handle, List<AuditEvent> events) {
        for (AuditEvent event : events) {
            handle.createUpdate("INSERT INTO audit_events (id, tenant_id, actor, action, target_type, target_id, "
                            + "summary_before, summary_after, occurred_at, request_id) VALUES (:id, :tenant_id, "
                            + ":actor, :action, :target_type, :target_id, :summary_before, :summary_after, "
                            + ":occurred_at, :request_id)")
                    .bind("id", event.id())
                    .bind("tenant_id", event.tenant().map(TenantId::value).orElse(null))
                    .bind("actor", event.actor().value())
                    .bind("action", event.action().wireName())
                    .bind("target_type", event.targetType().wireName())
                    .bind("target_id", event.targetId())
                    .bind("summary_before", SummaryColumn.encode(event.before()))
                    .bind("summary_after", SummaryColumn.encode(event.after()))
                    .bindByType("occurred_at", Columns.timestamp(event.at()), OffsetDateTime.class)
                    .bind("request_id", event.requestId().orElse(null))
                    .execute();
        }
    }

    static void append(Handle handle, Optional<AuditEvent> event) {
        append(handle, event.stream().toList());
    }

    @Override
    public AuditEventPage list(Optional<TenantId> tenant, AuditFilter filter, Optional<AuditCursor> after,
            int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        StringBuilder sql = new StringBuilder(SELECT).append(" WHERE 1 = 1");
        tenant.ifPresent(id -> sql.append(" AND tenant_id = :tenant_id"));
        filter.action().ifPresent(action -> sql.append(" AND action = :action"));
        filter.targetType().ifPresent(type -> sql.append(" AND target_type = :target_type"));
        filter.targetId().ifPresent(id -> sql.append(" AND target_id = :target_id"));
        filter.actor().ifPresent(actor -> sql.append(" AND actor = :actor"));
        filter.since().ifPresent(since -> sql.append(" AND occurred_at >= :since"));
        filter.until().ifPresent(until -> sql.append(" AND occurred_at < :until"));
        // the first condition bounds the index range; the second breaks ties between equal times by id
        after.ifPresent(cursor -> sql.append(" AND occurred_at <= :after_at")
                .append(" AND (occurred_at < :after_at OR id < :after_id)"));
        sql.append(" ORDER BY occurred_at DESC, id DESC LIMIT :limit");

        List<AuditEvent> rows = jdbi.withHandle(handle -> {
            Query query = handle.createQuery(sql.toString()).bind("limit", limit + 1);
            tenant.ifPresent(id -> query.bind("tenant_id", id.value()));
            filter.action().ifPresent(action -> query.bind("action", action.wireName()));
            filter.targetType().ifPresent(type -> query.bind("target_type", type.wireName()));
            filter.targetId().ifPresent(id -> query.bind("target_id", id));
            filter.actor().ifPresent(actor -> query.bind("actor", actor.value()));
            filter.since().ifPresent(since -> query.bindByType("since", Columns.timestamp(since),
                    OffsetDateTime.class));
            filter.until().ifPresent(until -> query.bindByType("until", Columns.timestamp(until),
                    OffsetDateTime.class));
            after.ifPresent(cursor -> query.bindByType("after_at", Columns.timestamp(cursor.at()),
                    OffsetDateTime.class).bind("after_id", cursor.id()));
            return query.map(JdbiAuditEventStore::event).list();
        });
        if (rows.size() <= limit) {
            return new AuditEventPage(rows, Optional.empty());
        }
        List<AuditEvent> page = rows.subList(0, limit);
        AuditEvent last = page.get(limit - 1);
        return new AuditEventPage(page, Optional.of(new AuditCursor(last.at(), last.id())));
    }

    private static AuditEvent event(ResultSet row, StatementContext context) throws SQLException {
        return new AuditEvent(row.getString("id"), Optional.ofNullable(row.getString("tenant_id")).map(TenantId::new),
                new Actor(row.getString("actor")), AuditAction.fromWire(row.getString("action")),
                row.getString("target_id"), SummaryColumn.decode(row.getString("summary_before")),
                SummaryColumn.decode(row.getString("summary_after")), Columns.instant(row, "occurred_at"),
                Optional.ofNullable(row.getString("request_id")));
    }
}
