package io.promptengine.adapters.persistence;

import io.promptengine.application.port.out.EndpointStore;
import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.endpoint.EndpointId;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.Update;

/**
 * Endpoints; the unique index on {@code (tenant_id, path)} decides which of two concurrent inserts of a path wins.
 * Every call of a tenant endpoint looks it up by path, so endpoints found are kept for a moment: one changed by
 * another instance is seen at most {@link #CACHE_TTL_NANOS} later, one changed through this store at once. Unknown
 * paths are not cached, so a new endpoint answers as soon as it is inserted. Timeouts and cache lifetimes are kept
 * in whole milliseconds.
 */
final class JdbiEndpointStore implements EndpointStore {

    static final long CACHE_TTL_NANOS = 1_000_000_000L;
    static final int CACHE_MAX_ENTRIES = 10_000;

    private static final String SELECT = "SELECT id, tenant_id, path, description, input_schema, output_schema, "
            + "default_prompt_id, timeout_ms, cache_ttl_ms, created_at, updated_at FROM endpoints";

    private final Jdbi jdbi;
    private final Durability durability;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<PathKey, Cached> byPath = new ConcurrentHashMap<>();
    /** Counts this store's writes; a lookup caches its row only if no write began while it read. */
    private final AtomicLong writes = new AtomicLong();

    JdbiEndpointStore(Jdbi jdbi, Durability durability) {
        this(jdbi, durability, System::nanoTime);
    }

    /** With a clock of our own, so that tests can let the cache expire without waiting. */
    JdbiEndpointStore(Jdbi jdbi, Durability durability, LongSupplier nanoTime) {
        this.jdbi = jdbi;
        this.durability = durability;
        this.nanoTime = nanoTime;
    }

    @Override
    public void insert(Endpoint endpoint) {
        write(() -> jdbi.useHandle(handle -> {
            bind(handle.createUpdate("INSERT INTO endpoints (id, tenant_id, path, description, input_schema, "
                    + "output_schema, default_prompt_id, timeout_ms, cache_ttl_ms, created_at, updated_at) VALUES "
                    + "(:id, :tenant_id, :path, :description, :input_schema, :output_schema, :default_prompt_id, "
                    + ":timeout_ms, :cache_ttl_ms, :created_at, :updated_at)"), endpoint)
                    .bindByType("created_at", Columns.timestamp(endpoint.createdAt()), OffsetDateTime.class)
                    .execute();
            durability.afterWrite(handle);
        }), endpoint);
    }

    @Override
    public void update(Endpoint endpoint) {
        write(() -> jdbi.useHandle(handle -> {
            bind(handle.createUpdate("UPDATE endpoints SET path = :path, description = :description, "
                    + "input_schema = :input_schema, output_schema = :output_schema, "
                    + "default_prompt_id = :default_prompt_id, timeout_ms = :timeout_ms, cache_ttl_ms = :cache_ttl_ms, "
                    + "updated_at = :updated_at WHERE id = :id AND tenant_id = :tenant_id"), endpoint)
                    .execute();
            durability.afterWrite(handle);
        }), endpoint);
    }

    @Override
    public Optional<Endpoint> delete(TenantId tenant, EndpointId id) {
        writes.incrementAndGet();
        try {
            return jdbi.withHandle(handle -> {
                Optional<Endpoint> found = handle.inTransaction(transaction -> {
                    Optional<Endpoint> endpoint = find(transaction, tenant, id);
                    endpoint.ifPresent(gone -> transaction.createUpdate(
                                    "DELETE FROM endpoints WHERE id = :id AND tenant_id = :tenant_id")
                            .bind("id", id.value())
                            .bind("tenant_id", tenant.value())
                            .execute());
                    return endpoint;
                });
                durability.afterWrite(handle);
                return found;
            });
        } finally {
            byPath.clear();
            writes.incrementAndGet();
        }
    }

    @Override
    public Optional<Endpoint> find(TenantId tenant, EndpointId id) {
        return jdbi.withHandle(handle -> find(handle, tenant, id));
    }

    @Override
    public Optional<Endpoint> findByPath(TenantId tenant, EndpointPath path) {
        PathKey key = new PathKey(tenant, path);
        long now = nanoTime.getAsLong();
        Cached cached = byPath.get(key);
        if (cached != null && now - cached.loadedAt < CACHE_TTL_NANOS) {
            return Optional.of(cached.endpoint);
        }
        long writesBefore = writes.get();
        Optional<Endpoint> endpoint = jdbi.withHandle(handle -> handle.createQuery(
                        SELECT + " WHERE tenant_id = :tenant_id AND path = :path")
                .bind("tenant_id", tenant.value())
                .bind("path", path.value())
                .map(JdbiEndpointStore::endpoint)
                .findOne());
        if (endpoint.isEmpty()) {
            byPath.remove(key);
        } else if (writes.get() == writesBefore && (byPath.size() < CACHE_MAX_ENTRIES || evictExpired(now))) {
            byPath.put(key, new Cached(endpoint.get(), now));
        }
        return endpoint;
    }

    @Override
    public List<Endpoint> list(TenantId tenant) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT + " WHERE tenant_id = :tenant_id ORDER BY path")
                .bind("tenant_id", tenant.value())
                .map(JdbiEndpointStore::endpoint)
                .list());
    }

    /**
     * Runs a write, keeping lookups that overlap it from caching what they read, and forgetting every cached
     * endpoint afterwards (a write may move an endpoint from one path to another). A unique violation is the path.
     */
    private void write(Runnable statement, Endpoint endpoint) {
        writes.incrementAndGet();
        try {
            statement.run();
        } catch (RuntimeException e) {
            if (UniqueViolation.causes(e)) {
                throw new ConflictException("An endpoint with path '" + endpoint.path() + "' already exists");
            }
            throw e;
        } finally {
            byPath.clear();
            writes.incrementAndGet();
        }
    }

    private boolean evictExpired(long now) {
        byPath.values().removeIf(old -> now - old.loadedAt >= CACHE_TTL_NANOS);
        return byPath.size() < CACHE_MAX_ENTRIES;
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

    /** An endpoint as read at {@code loadedAt} ({@link System#nanoTime} scale). */
    private record Cached(Endpoint endpoint, long loadedAt) {
    }
}
