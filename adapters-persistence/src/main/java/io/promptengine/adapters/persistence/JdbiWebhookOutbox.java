package io.promptengine.adapters.persistence;

import io.promptengine.application.port.out.ExecutionStore;
import io.promptengine.application.port.out.WebhookOutbox;
import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.tenant.TenantId;
import io.promptengine.domain.webhook.Delivery;
import io.promptengine.domain.webhook.DeliveryStatus;
import io.promptengine.domain.webhook.EventType;
import io.promptengine.domain.webhook.WebhookId;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The outbox over {@code webhook_deliveries}, with the execution queue's lease machinery: on PostgreSQL a claim locks
 * the rows it takes with {@code FOR UPDATE SKIP LOCKED}, so the workers of many instances take disjoint rows; the
 * claim's update is conditional on the row still being free, so on H2, which serves one process, a claim selects
 * without locking. {@code attempts} is the fence of {@link #record}, with the lease's owner. Bodies are text: the
 * UTF-8 of the JSON the renderer made, read back as the same bytes.
 */
final class JdbiWebhookOutbox implements WebhookOutbox {

    private static final String COLUMNS = "id, webhook_id, tenant_id, event_id, event_type, execution_id, "
            + "occurred_at, status, attempts, next_attempt_at, last_attempt_at, last_status_code, last_error, "
            + "last_response, last_latency_ms, created_at";
    private static final String PENDING = "'" + DeliveryStatus.PENDING.wireName() + "'";
    /** Due, free, and of an enabled endpoint; a test is sent to a disabled one too, before it is enabled again. */
    private static final String CLAIMABLE = "SELECT d.id FROM webhook_deliveries d WHERE d.status = " + PENDING
            + " AND d.next_attempt_at <= :now AND (d.lease_expires_at IS NULL OR d.lease_expires_at < :now) "
            + "AND (d.event_type = '" + EventType.WEBHOOK_TEST.wireName() + "' OR EXISTS (SELECT 1 FROM webhooks w "
            + "WHERE w.id = d.webhook_id AND w.enabled = TRUE)) ORDER BY d.status, d.next_attempt_at LIMIT :limit";
    private static final String START = "UPDATE webhook_deliveries SET attempts = attempts + 1, lease_owner = :owner, "
            + "lease_expires_at = :until WHERE id = :id AND status = " + PENDING + " AND (lease_expires_at IS NULL "
            + "OR lease_expires_at < :now)";

    private final Jdbi jdbi;
    private final Durability durability;
    private final String claimable;

    /** @param lockClaims whether claims lock the rows they pick: PostgreSQL, not H2 (see the execution queue) */
    JdbiWebhookOutbox(Jdbi jdbi, Durability durability, boolean lockClaims) {
        this.jdbi = jdbi;
        this.durability = durability;
        this.claimable = lockClaims ? CLAIMABLE + " FOR UPDATE SKIP LOCKED" : CLAIMABLE;
    }

    @Override
    public List<Claimed> claim(String owner, int limit, Instant now, Duration lease) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        return jdbi.inTransaction(handle -> {
            List<String> ids = handle.createQuery(claimable)
                    .bindByType("now", Columns.timestamp(now), OffsetDateTime.class)
                    .bind("limit", limit)
                    .mapTo(String.class)
                    .list();
            List<String> started = new ArrayList<>(ids.size());
            for (String id : ids) {
                int rows = handle.createUpdate(START)
                        .bind("owner", owner)
                        .bindByType("until", Columns.timestamp(now.plus(lease)), OffsetDateTime.class)
                        .bindByType("now", Columns.timestamp(now), OffsetDateTime.class)
                        .bind("id", id)
                        .execute();
                if (rows == 1) {
                    started.add(id);
                }
            }
            if (started.isEmpty()) {
                return List.<Claimed>of();
            }
            return handle.createQuery("SELECT " + COLUMNS + ", body FROM webhook_deliveries WHERE id IN (<ids>) "
                            + "ORDER BY next_attempt_at, id")
                    .bindList("ids", started)
                    .map((row, context) -> new Claimed(delivery(row, context),
                            Optional.ofNullable(row.getString("body")).map(body -> body.getBytes(
                                    StandardCharsets.UTF_8))))
                    .list();
        });
    }

    @Override
    public void attach(String deliveryId, byte[] body) {
        write(handle -> handle.createUpdate("UPDATE webhook_deliveries SET body = :body WHERE id = :id AND body IS NULL")
                .bind("id", deliveryId)
                .bind("body", new String(body, StandardCharsets.UTF_8))
                .execute());
    }

    @Override
    public ExecutionStore.Write record(String owner, Delivery attempted) {
        Optional<Delivery.LastAttempt> last = attempted.lastAttempt();
        int rows = write(handle -> handle.createUpdate("UPDATE webhook_deliveries SET status = :status, "
                        + "next_attempt_at = :next, last_attempt_at = :at, last_status_code = :code, last_error = "
                        + ":error, last_response = :response, last_latency_ms = :latency, lease_owner = NULL, "
                        + "lease_expires_at = NULL WHERE id = :id AND lease_owner = :owner AND attempts = :attempts")
                .bind("status", attempted.status().wireName())
                .bindByType("next", Columns.timestamp(attempted.nextAttemptAt()), OffsetDateTime.class)
                .bindByType("at", Columns.timestamp(last.map(Delivery.LastAttempt::at)), OffsetDateTime.class)
                .bind("code", last.flatMap(attempt -> boxed(attempt.statusCode())).orElse(null))
                .bind("error", last.flatMap(Delivery.LastAttempt::error).orElse(null))
                .bind("response", last.map(Delivery.LastAttempt::response).orElse(null))
                .bind("latency", last.map(attempt -> attempt.latency().toMillis()).orElse(null))
                .bind("id", attempted.id())
                .bind("owner", owner)
                .bind("attempts", attempted.attempts())
                .execute());
        return rows == 1 ? ExecutionStore.Write.APPLIED : ExecutionStore.Write.STALE;
    }

    @Override
    public void release(String owner, Delivery claimed) {
        write(handle -> handle.createUpdate("UPDATE webhook_deliveries SET attempts = attempts - 1, lease_owner = "
                        + "NULL, lease_expires_at = NULL WHERE id = :id AND lease_owner = :owner AND attempts = "
                        + ":attempts")
                .bind("id", claimed.id())
                .bind("owner", owner)
                .bind("attempts", claimed.attempts())
                .execute());
    }

    @Override
    public void enqueue(Delivery delivery, byte[] body) {
        write(handle -> handle.createUpdate("INSERT INTO webhook_deliveries (id, webhook_id, tenant_id, event_id, "
                        + "event_type, execution_id, occurred_at, body, status, attempts, next_attempt_at, created_at) "
                        + "VALUES (:id, :webhook_id, :tenant_id, :event_id, :event_type, :execution_id, :occurred_at, "
                        + ":body, :status, :attempts, :next, :created_at)")
                .bind("id", delivery.id())
                .bind("webhook_id", delivery.webhookId().value())
                .bind("tenant_id", delivery.tenantId().value())
                .bind("event_id", delivery.eventId())
                .bind("event_type", delivery.type().wireName())
                .bind("execution_id", delivery.executionId().map(ExecutionId::value).orElse(null))
                .bindByType("occurred_at", Columns.timestamp(delivery.occurredAt()), OffsetDateTime.class)
                .bind("body", new String(body, StandardCharsets.UTF_8))
                .bind("status", delivery.status().wireName())
                .bind("attempts", delivery.attempts())
                .bindByType("next", Columns.timestamp(delivery.nextAttemptAt()), OffsetDateTime.class)
                .bindByType("created_at", Columns.timestamp(delivery.createdAt()), OffsetDateTime.class)
                .execute());
    }

    /** Newest first on the {@code (webhook_id, created_at, id)} index, after the {@code before} delivery. */
    @Override
    public List<Delivery> list(TenantId tenant, WebhookId webhook, Optional<String> before, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        return jdbi.withHandle(handle -> {
            Optional<Delivery> cursor = before.flatMap(id -> find(handle, tenant, webhook, id));
            if (before.isPresent() && cursor.isEmpty()) {
                return List.<Delivery>of();
            }
            String after = cursor.isPresent() ? " AND created_at <= :created_at AND (created_at < :created_at "
                    + "OR id < :cursor)" : "";
            var query = handle.createQuery("SELECT " + COLUMNS + " FROM webhook_deliveries WHERE webhook_id = "
                            + ":webhook_id AND tenant_id = :tenant_id" + after
                            + " ORDER BY created_at DESC, id DESC LIMIT :limit")
                    .bind("webhook_id", webhook.value())
                    .bind("tenant_id", tenant.value())
                    .bind("limit", limit);
            cursor.ifPresent(from -> query.bindByType("created_at", Columns.timestamp(from.createdAt()),
                    OffsetDateTime.class).bind("cursor", from.id()));
            return query.map(JdbiWebhookOutbox::delivery).list();
        });
    }

    @Override
    public Optional<Delivery> find(TenantId tenant, WebhookId webhook, String deliveryId) {
        return jdbi.withHandle(handle -> find(handle, tenant, webhook, deliveryId));
    }

    @Override
    public Optional<Delivery> retry(TenantId tenant, WebhookId webhook, String deliveryId, Instant now) {
        int rows = write(handle -> handle.createUpdate("UPDATE webhook_deliveries SET status = " + PENDING
                        + ", next_attempt_at = :now WHERE id = :id AND webhook_id = :webhook_id AND tenant_id = "
                        + ":tenant_id")
                .bindByType("now", Columns.timestamp(now), OffsetDateTime.class)
                .bind("id", deliveryId)
                .bind("webhook_id", webhook.value())
                .bind("tenant_id", tenant.value())
                .execute());
        return rows == 0 ? Optional.empty() : find(tenant, webhook, deliveryId);
    }

    private interface Work {
        int run(Handle transaction);
    }

    private int write(Work work) {
        return jdbi.withHandle(handle -> {
            int rows = handle.inTransaction(work::run);
            if (rows > 0) {
                durability.afterWrite(handle);
            }
            return rows;
        });
    }

    private static Optional<Delivery> find(Handle handle, TenantId tenant, WebhookId webhook, String deliveryId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM webhook_deliveries WHERE id = :id AND webhook_id = "
                        + ":webhook_id AND tenant_id = :tenant_id")
                .bind("id", deliveryId)
                .bind("webhook_id", webhook.value())
                .bind("tenant_id", tenant.value())
                .map(JdbiWebhookOutbox::delivery)
                .findOne();
    }

    private static Optional<Integer> boxed(OptionalInt value) {
        return value.isPresent() ? Optional.of(value.getAsInt()) : Optional.empty();
    }

    private static Delivery delivery(ResultSet row, StatementContext context) throws SQLException {
        Optional<Instant> lastAt = Columns.optionalInstant(row, "last_attempt_at");
        Optional<Delivery.LastAttempt> last = lastAt.isEmpty() ? Optional.empty()
                : Optional.of(new Delivery.LastAttempt(lastAt.get(), Columns.optionalInt(row, "last_status_code"),
                        Optional.ofNullable(row.getString("last_error")),
                        Optional.ofNullable(row.getString("last_response")).orElse(""),
                        Duration.ofMillis(row.getLong("last_latency_ms"))));
        return new Delivery(row.getString("id"), new WebhookId(row.getString("webhook_id")),
                new TenantId(row.getString("tenant_id")), row.getString("event_id"),
                EventType.fromWire(row.getString("event_type")),
                Optional.ofNullable(row.getString("execution_id")).map(ExecutionId::new),
                Columns.instant(row, "occurred_at"), DeliveryStatus.fromWire(row.getString("status")),
                row.getInt("attempts"), Columns.optionalInstant(row, "next_attempt_at"), last,
                Columns.instant(row, "created_at"));
    }
}
