package io.promptengine.adapters.persistence;

import io.promptengine.application.port.out.WebhookStore;
import io.promptengine.domain.audit.AuditEvent;
import io.promptengine.domain.common.EndpointId;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.tenant.TenantId;
import io.promptengine.domain.webhook.EventType;
import io.promptengine.domain.webhook.Webhook;
import io.promptengine.domain.webhook.WebhookId;
import io.promptengine.domain.webhook.WebhookSecret;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.Update;

/**
 * Webhook endpoints in one table, the event types as one column ({@code ,a,b,}) that the outbox statement of an
 * execution's end searches with {@code POSITION(',a,' IN events)}. Deleting an endpoint deletes its deliveries in the same transaction.
 */
final class JdbiWebhookStore implements WebhookStore {

    private static final String COLUMNS = "id, tenant_id, url, events, endpoint_filter, surface_filter, description, "
            + "enabled, disabled_reason, secret, previous_secret, previous_secret_until, failing_since, created_at, "
            + "updated_at";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM webhooks";

    private final Jdbi jdbi;
    private final Durability durability;

    JdbiWebhookStore(Jdbi jdbi, Durability durability) {
        this.jdbi = jdbi;
        this.durability = durability;
    }

    @Override
    public void insert(Webhook webhook, Optional<AuditEvent> audit) {
        write(handle -> {
            bind(handle.createUpdate("INSERT INTO webhooks (" + COLUMNS + ") VALUES (:id, :tenant_id, :url, :events, "
                    + ":endpoint_filter, :surface_filter, :description, :enabled, :disabled_reason, :secret, "
                    + ":previous_secret, :previous_secret_until, :failing_since, :created_at, :updated_at)"), webhook)
                    .execute();
            JdbiAuditEventStore.append(handle, audit);
        });
    }

    @Override
    public void update(Webhook webhook, Optional<AuditEvent> audit) {
        write(handle -> {
            int rows = bind(handle.createUpdate("UPDATE webhooks SET url = :url, events = :events, "
                    + "endpoint_filter = :endpoint_filter, surface_filter = :surface_filter, description = "
                    + ":description, enabled = :enabled, disabled_reason = :disabled_reason, secret = :secret, "
                    + "previous_secret = :previous_secret, previous_secret_until = :previous_secret_until, "
                    + "failing_since = :failing_since, updated_at = :updated_at WHERE id = :id AND tenant_id = "
                    + ":tenant_id"), webhook).execute();
            if (rows == 1) {
                JdbiAuditEventStore.append(handle, audit);
            }
        });
    }

    @Override
    public Optional<Webhook> delete(TenantId tenant, WebhookId id, Optional<AuditEvent> audit) {
        return jdbi.withHandle(handle -> {
            Optional<Webhook> deleted = handle.inTransaction(transaction -> {
                Optional<Webhook> found = find(transaction, tenant, id);
                if (found.isPresent()) {
                    transaction.createUpdate("DELETE FROM webhook_deliveries WHERE webhook_id = :id")
                            .bind("id", id.value()).execute();
                    transaction.createUpdate("DELETE FROM webhooks WHERE id = :id AND tenant_id = :tenant_id")
                            .bind("id", id.value()).bind("tenant_id", tenant.value()).execute();
                    JdbiAuditEventStore.append(transaction, audit);
                }
                return found;
            });
            durability.afterWrite(handle);
            return deleted;
        });
    }

    @Override
    public Optional<Webhook> find(TenantId tenant, WebhookId id) {
        return jdbi.withHandle(handle -> find(handle, tenant, id));
    }

    @Override
    public Optional<Webhook> find(WebhookId id) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT + " WHERE id = :id")
                .bind("id", id.value())
                .map(JdbiWebhookStore::webhook)
                .findOne());
    }

    @Override
    public List<Webhook> list(TenantId tenant) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT + " WHERE tenant_id = :tenant_id "
                        + "ORDER BY created_at, id")
                .bind("tenant_id", tenant.value())
                .map(JdbiWebhookStore::webhook)
                .list());
    }

    @Override
    public void markFailing(WebhookId id, Instant since) {
        write(handle -> handle.createUpdate("UPDATE webhooks SET failing_since = :since WHERE id = :id "
                        + "AND failing_since IS NULL")
                .bind("id", id.value())
                .bindByType("since", Columns.timestamp(since), OffsetDateTime.class)
                .execute());
    }

    @Override
    public void markHealthy(WebhookId id) {
        write(handle -> handle.createUpdate("UPDATE webhooks SET failing_since = NULL WHERE id = :id "
                        + "AND failing_since IS NOT NULL")
                .bind("id", id.value())
                .execute());
    }

    @Override
    public void disable(WebhookId id, String reason, Instant now) {
        write(handle -> handle.createUpdate("UPDATE webhooks SET enabled = FALSE, disabled_reason = :reason, "
                        + "updated_at = :now WHERE id = :id AND enabled = TRUE")
                .bind("id", id.value())
                .bind("reason", reason)
                .bindByType("now", Columns.timestamp(now), OffsetDateTime.class)
                .execute());
    }

    private interface Work {
        void run(Handle transaction);
    }

    private void write(Work work) {
        jdbi.useHandle(handle -> {
            handle.useTransaction(work::run);
            durability.afterWrite(handle);
        });
    }

    private static Optional<Webhook> find(Handle handle, TenantId tenant, WebhookId id) {
        return handle.createQuery(SELECT + " WHERE id = :id AND tenant_id = :tenant_id")
                .bind("id", id.value())
                .bind("tenant_id", tenant.value())
                .map(JdbiWebhookStore::webhook)
                .findOne();
    }

    private static Update bind(Update update, Webhook webhook) {
        return update.bind("id", webhook.id().value())
                .bind("tenant_id", webhook.tenantId().value())
                .bind("url", webhook.url().toString())
                .bind("events", events(webhook.events()))
                .bind("endpoint_filter", webhook.endpointFilter().map(EndpointId::value).orElse(null))
                .bind("surface_filter", webhook.surfaceFilter().map(Surface::wireName).orElse(null))
                .bind("description", webhook.description())
                .bind("enabled", webhook.enabled())
                .bind("disabled_reason", webhook.disabledReason().orElse(null))
                .bind("secret", webhook.secret().value())
                .bind("previous_secret", webhook.previousSecret().map(previous -> previous.secret().value())
                        .orElse(null))
                .bindByType("previous_secret_until", Columns.timestamp(webhook.previousSecret()
                        .map(Webhook.PreviousSecret::until)), OffsetDateTime.class)
                .bindByType("failing_since", Columns.timestamp(webhook.failingSince()), OffsetDateTime.class)
                .bindByType("created_at", Columns.timestamp(webhook.createdAt()), OffsetDateTime.class)
                .bindByType("updated_at", Columns.timestamp(webhook.updatedAt()), OffsetDateTime.class);
    }

    /** {@code ,a,b,}: every type between commas, so that {@code POSITION(',a,' IN events)} finds one. */
    static String events(Set<EventType> events) {
        return events.stream().map(EventType::wireName).sorted()
                .collect(Collectors.joining(",", ",", ","));
    }

    private static Set<EventType> events(String column) {
        Set<EventType> events = EnumSet.noneOf(EventType.class);
        Arrays.stream(column.split(",")).filter(type -> !type.isEmpty()).map(EventType::fromWire)
                .forEach(events::add);
        return events;
    }

    private static Webhook webhook(ResultSet row, StatementContext context) throws SQLException {
        String previous = row.getString("previous_secret");
        Optional<Instant> until = Columns.optionalInstant(row, "previous_secret_until");
        Optional<Webhook.PreviousSecret> previousSecret = previous == null || until.isEmpty() ? Optional.empty()
                : Optional.of(new Webhook.PreviousSecret(new WebhookSecret(previous), until.get()));
        return new Webhook(new WebhookId(row.getString("id")), new TenantId(row.getString("tenant_id")),
                URI.create(row.getString("url")), events(row.getString("events")),
                Optional.ofNullable(row.getString("endpoint_filter")).map(EndpointId::new),
                Optional.ofNullable(row.getString("surface_filter")).map(Surface::fromWire),
                row.getString("description"), row.getBoolean("enabled"),
                Optional.ofNullable(row.getString("disabled_reason")), new WebhookSecret(row.getString("secret")),
                previousSecret, Columns.optionalInstant(row, "failing_since"), Columns.instant(row, "created_at"),
                Columns.instant(row, "updated_at"));
    }
}
