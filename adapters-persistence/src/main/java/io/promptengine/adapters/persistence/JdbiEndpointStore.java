package io.promptengine.adapters.persistence;

import io.promptengine.application.port.out.EndpointStore;
import io.promptengine.domain.audit.AuditEvent;
import io.promptengine.domain.common.EndpointId;
import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.endpoint.EndpointPath;
import io.promptengine.domain.error.ConflictException;
import io.promptengine.domain.prompt.PromptId;
import io.promptengine.domain.schema.SchemaContract;
import io.promptengine.domain.tenant.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.Update;

/**
 * Endpoints; the unique index on {@code (tenant_id, path)} decides which of two concurrent inserts of a path wins.
 * Every call of a tenant endpoint looks it up by path, so those reads go through a {@link ReadCache} with the API
 * keys' lifetime: a change through this store is seen at once, one made by another instance within half a second.
 * Timeouts and cache lifetimes are kept in whole milliseconds.
 */
final class JdbiEndpointStore implements EndpointStore {

    private static final String SELECT = "SELECT id, tenant_id, path, description, input_schema, output_schema, "
            + "default_prompt_id, timeout_ms, cache_ttl_ms, created_at, updated_at FROM endpoints";

    private final Jdbi jdbi;
    private final Durability durability;
    private final ReadCache<PathKey, Endpoint> byPath;

    JdbiEndpointStore(Jdbi jdbi, Durability durability) {
        this(jdbi, durability, System::nanoTime);
    }

    /** With a clock of our own, so that tests can let the cache expire without waiting. */
    JdbiEndpointStore(Jdbi jdbi, Durability durability, LongSupplier nanoTime) {
        this.jdbi = jdbi;
        this.durability = durability;
        this.byPath = new ReadCache<>(JdbiApiKeyStore.CACHE_TTL_NANOS, JdbiApiKeyStore.CACHE_MAX_ENTRIES, nanoTime);
    }

    @Override
    public void insert(Endpoint endpoint, Optional<AuditEvent> audit) {
        try {
            jdbi.useHandle(handle -> {
                handle.useTransaction(transaction -> {
                    bind(transaction.createUpdate("INSERT INTO endpoints (id, tenant_id, path, description, "
                            + "input_schema, output_schema, default_prompt_id, timeout_ms, cache_ttl_ms, created_at, "
                            + "updated_at) VALUES (:id, :tenant_id, :path, :description, :input_schema, "
                            + ":output_schema, :default_prompt_id, :timeout_ms, :cache_ttl_ms, :created_at, "
                            + ":updated_at)"), endpoint)
                            .bindByType("created_at", Columns.timestamp(endpoint.createdAt()), OffsetDateTime.class)
                            .execute();
                    JdbiAuditEventStore.append(transaction, audit);
                });
                durability.afterWrite(handle);
            });
        } catch (RuntimeException e) {
            throw conflictOrItself(e, endpoint);
        }
    }

    /** The cached copies under the old path and the new one are forgotten once the change is committed. */
    @Override
    public void update(Endpoint endpoint, Optional<AuditEvent> audit) {
        Optional<Endpoint> before;
        try {
            before = jdbi.withHandle(handle -> {
                Optional<Endpoint> old = handle.inTransaction(transaction -> {
                    Optional<Endpoint> current = find(transaction, endpoint.tenantId(), endpoint.id());
                    bind(transaction.createUpdate("UPDATE endpoints SET path = :path, description = :description, "
                            + "input_schema = :input_schema, output_schema = :output_schema, "
                            + "default_prompt_id = :default_prompt_id, timeout_ms = :timeout_ms, "
                            + "cache_ttl_ms = :cache_ttl_ms, updated_at = :updated_at "
                            + "WHERE id = :id AND tenant_id = :tenant_id"), endpoint)
                            .execute();
                    if (current.isPresent()) {
                        JdbiAuditEventStore.append(transaction, audit);
                    }
                    return current;
                });
                durability.afterWrite(handle);
                return old;
            });
        } catch (RuntimeException e) {
            throw conflictOrItself(e, endpoint);
        }
        before.ifPresent(old -> byPath.evict(new PathKey(old.tenantId(), old.path())));
        byPath.evict(new PathKey(endpoint.tenantId(), endpoint.path()));
    }

    @Override
    public Optional<Endpoint> delete(TenantId tenant, EndpointId id, Optional<AuditEvent> audit) {
        Optional<Endpoint> deleted = jdbi.withHandle(handle -> {
            Optional<Endpoint> found = handle.inTransaction(transaction -> {
                Optional<Endpoint> endpoint = find(transaction, tenant, id);
                endpoint.ifPresent(gone -> transaction.createUpdate(
                                "DELETE FROM endpoints WHERE id = :id AND tenant_id = :tenant_id")
                        .bind("id", id.value())
                        .bind("tenant_id", tenant.value())
                        .execute());
                if (endpoint.isPresent()) {
                    JdbiAuditEventStore.append(transaction, audit);
                }
                return endpoint;
            });
            durability.afterWrite(handle);
            return found;
        });
        deleted.ifPresent(gone -> byPath.evict(new PathKey(gone.tenantId(), gone.path())));
        return deleted;
    }

    @Override
    public Optional<Endpoint> find(TenantId tenant, EndpointId id) {
        return jdbi.withHandle(handle -> find(handle, tenant, id));
    }

    @Override
    public Optional<Endpoint> findByPath(TenantId tenant, EndpointPath path) {
        return byPath.get(new PathKey(tenant, path), () -> jdbi.withHandle(handle -> handle.createQuery(
                        SELECT + " WHERE tenant_id = :tenant_id AND path = :path")
                .bind("tenant_id", tenant.value())
                .bind("path", path.value())
                .map(JdbiEndpointStore::endpoint)
                .findOne()));
    }

    @Override
    public List<Endpoint> list(TenantId tenant) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT + " WHERE tenant_id = :tenant_id ORDER BY path")
                .bind("tenant_id", tenant.value())
                .map(JdbiEndpointStore::endpoint)
                .list());
    }

    /** The id is generated and never collides, so a unique violation is the path. */
    private static RuntimeException conflictOrItself(RuntimeException e, Endpoint endpoint) {
        return UniqueViolation.causes(e)
                ? new ConflictException("An endpoint with path '" + endpoint.path() + "' already exists")
                : e;
    }

    private static Optional<Endpoint> find(Handle handle, TenantId tenant, EndpointId id) {
        return handle.createQuery(SELECT + " WHERE id = :id AND tenant_id = :tenant_id")
                .bind("id", id.value())
                .bind("tenant_id", tenant.value())
                .map(JdbiEndpointStore::endpoint)
                .findOne();
    }
    private static Update bind(Update update, Endpoint endpoint) {
        return update.bind("id", endpoint.id().value())
                .bind("tenant_id", endpoint.tenantId().value())
                .bind("path", endpoint.path().value())
                .bind("description", endpoint.description())
                .bind("input_schema", endpoint.inputSchema().document())
                .bind("output_schema", endpoint.outputSchema().map(SchemaContract::document).orElse(null))
                .bind("default_prompt_id", endpoint.defaultPrompt().map(PromptId::value).orElse(null))
                .bind("timeout_ms", endpoint.timeout().toMillis())
                .bind("cache_ttl_ms", endpoint.cacheTtl().toMillis())
                .bindByType("updated_at", Columns.timestamp(endpoint.updatedAt()), OffsetDateTime.class);
    }

    private static Endpoint endpoint(ResultSet row, StatementContext context) throws SQLException {
        return new Endpoint(new EndpointId(row.getString("id")), new TenantId(row.getString("tenant_id")),
                new EndpointPath(row.getString("path")), row.getString("description"),
                new SchemaContract(row.getString("input_schema")),
                Optional.ofNullable(row.getString("output_schema")).map(SchemaContract::new),
                Optional.ofNullable(row.getString("default_prompt_id")).map(PromptId::new),
                Duration.ofMillis(row.getLong("timeout_ms")), Duration.ofMillis(row.getLong("cache_ttl_ms")),
                Columns.instant(row, "created_at"), Columns.instant(row, "updated_at"));
    }

    private record PathKey(TenantId tenant, EndpointPath path) {
    }
}
