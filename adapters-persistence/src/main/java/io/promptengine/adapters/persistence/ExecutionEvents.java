package io.promptengine.adapters.persistence;

import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.webhook.Delivery;
import io.promptengine.domain.webhook.DeliveryStatus;
import io.promptengine.domain.webhook.EventType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The outbox rows of an execution's end: one pending delivery for each of the tenant's enabled webhook endpoints
 * that subscribe to the event and whose filters match, inserted by one {@code INSERT … SELECT} that runs in the
 * transaction that ends the execution, right after the write that ended it and only when that write applied. The
 * delivery id is the event's id and the endpoint's, so running the statement twice inserts nothing the second
 * time. The body is not rendered here: the execution's row is the event's data until a worker renders and attaches
 * it before the first attempt (see {@code WebhookDeliveryWorker}), which keeps the hot path of every execution free
 * of JSON rendering; retention keeps the execution until then.
 *
 * <p>The event type is found in the endpoint's list with {@code POSITION}, not {@code LIKE}: H2 parses a statement
 * with {@code LIKE ?} again at every execution (it plans a pattern by its value), which made this statement's parse
 * 2 % of the CPU and 13 KB of allocation of every execution on H2.
 */
final class ExecutionEvents {

    /** The delivery id, the event id, type, execution, time, due time, creation, then the tenant and the filters. */
    static final String INSERT_DELIVERIES = "INSERT INTO webhook_deliveries (id, webhook_id, tenant_id, event_id, "
            + "event_type, execution_id, occurred_at, status, attempts, next_attempt_at, created_at) "
            + "SELECT CONCAT(?, '.', w.id), w.id, w.tenant_id, ?, ?, ?, ?, '" + DeliveryStatus.PENDING.wireName()
            + "', 0, ?, ? FROM webhooks w WHERE w.tenant_id = ? AND w.enabled = TRUE AND POSITION(? IN w.events) > 0 "
            + "AND (w.endpoint_filter IS NULL OR w.endpoint_filter = ?) "
            + "AND (w.surface_filter IS NULL OR w.surface_filter = ?) "
            + "AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.id = CONCAT(?, '.', w.id))";

    private ExecutionEvents() {
    }

    /** The follow-up of a write that ends {@code execution}; empty for a write that does not end one. */
    static Optional<GroupCommitWriter.Row> of(Execution execution) {
        return EventType.ending(execution.status()).map(type -> statement -> bind(new Parameters(statement),
                execution, type));
    }

    /** Inserts the deliveries of {@code ended} on {@code connection}, in the caller's transaction. */
    static void insert(Connection connection, Execution ended) throws SQLException {
        Optional<GroupCommitWriter.Row> row = of(ended);
        if (row.isPresent()) {
            try (PreparedStatement statement = connection.prepareStatement(INSERT_DELIVERIES)) {
                row.get().bind(statement);
                statement.executeUpdate();
            }
        }
    }

    private static void bind(Parameters parameters, Execution execution, EventType type) throws SQLException {
        String eventId = Delivery.eventId(execution.id());
        var at = Columns.timestamp(execution.completedAt().orElse(execution.createdAt()));
        parameters.text(eventId)
                .text(eventId)
                .text(type.wireName())
                .text(execution.id().value())
                .timestamp(at)
                .timestamp(at)
                .timestamp(at)
                .text(execution.request().tenantId().value())
                .text("," + type.wireName() + ",")
                .text(execution.request().endpointId().map(id -> id.value()).orElse(null))
                .text(execution.request().source().wireName())
                .text(eventId);
    }
}
