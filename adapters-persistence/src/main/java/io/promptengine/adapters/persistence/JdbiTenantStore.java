package io.promptengine.adapters.persistence;

import io.promptengine.application.port.out.TenantStore;
import io.promptengine.domain.audit.AuditEvent;
import io.promptengine.domain.error.ConflictException;
import io.promptengine.domain.tenant.Tenant;
import io.promptengine.domain.tenant.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Tenants; the unique index on {@code slug} decides which of two concurrent inserts of a slug wins. Every request
 * reads its tenant by id, so those reads go through a {@link ReadCache} with the API keys' lifetime: a plan change
 * or deactivation through this store is seen at once, one made by another instance within half a second.
 */
final class JdbiTenantStore implements TenantStore {

    private static final String SELECT = "SELECT id, slug, name, plan, active, created_at FROM tenants";

    private final Jdbi jdbi;
    private final Durability durability;
    private final ReadCache<TenantId, Tenant> cache;

    JdbiTenantStore(Jdbi jdbi, Durability durability) {
        this(jdbi, durability, System::nanoTime);
    }

    /** With a clock of our own, so that tests can let the cache expire without waiting. */
    JdbiTenantStore(Jdbi jdbi, Durability durability, LongSupplier nanoTime) {
        this.jdbi = jdbi;
        this.durability = durability;
        this.cache = new ReadCache<>(JdbiApiKeyStore.CACHE_TTL_NANOS, JdbiApiKeyStore.CACHE_MAX_ENTRIES, nanoTime);
    }

    @Override
    public void insert(Tenant tenant, Optional<AuditEvent> audit) {
        try {
            jdbi.useHandle(handle -> {
                handle.useTransaction(transaction -> {
                    transaction.createUpdate("INSERT INTO tenants (id, slug, name, plan, active, created_at) "
                            + "VALUES (:id, :slug, :name, :plan, :active, :created_at)")
                            .bind("id", tenant.id().value())
                            .bind("slug", tenant.slug())
                            .bind("name", tenant.name())
                            .bind("plan", tenant.plan())
                            .bind("active", tenant.active())
                            .bindByType("created_at", Columns.timestamp(tenant.createdAt()), OffsetDateTime.class)
                            .execute();
                    JdbiAuditEventStore.append(transaction, audit);
                });
                durability.afterWrite(handle);
            });
        } catch (RuntimeException e) {
            // the id is generated and never collides, so a duplicate is the slug; checking keeps a bug visible
            if (UniqueViolation.causes(e) && findBySlug(tenant.slug()).isPresent()) {
                throw new ConflictException("A tenant with slug '" + tenant.slug() + "' already exists");
            }
            throw e;
        }
    }

    @Override
    public Optional<Tenant> find(TenantId id) {
        return cache.get(id, () -> jdbi.withHandle(handle -> handle.createQuery(SELECT + " WHERE id = :id")
                .bind("id", id.value())
                .map(JdbiTenantStore::tenant)
                .findOne()));
    }

    @Override
    public Optional<Tenant> findBySlug(String slug) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT + " WHERE slug = :slug")
                .bind("slug", slug)
                .map(JdbiTenantStore::tenant)
                .findOne());
    }

    @Override
    public void update(Tenant tenant, Optional<AuditEvent> audit) {
        jdbi.useHandle(handle -> {
            handle.useTransaction(transaction -> {
                int changed = transaction.createUpdate("UPDATE tenants SET plan = :plan, active = :active "
                                + "WHERE id = :id")
                        .bind("plan", tenant.plan())
                        .bind("active", tenant.active())
                        .bind("id", tenant.id().value())
                        .execute();
                if (changed > 0) {
                    JdbiAuditEventStore.append(transaction, audit);
                }
            });
            durability.afterWrite(handle);
        });
        cache.evict(tenant.id());
    }

    @Override
    public List<Tenant> list(Optional<String> afterSlug, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        return jdbi.withHandle(handle -> {
            Query query = afterSlug.isPresent()
                    ? handle.createQuery(SELECT + " WHERE slug > :after ORDER BY slug LIMIT :limit")
                            .bind("after", afterSlug.get())
                    : handle.createQuery(SELECT + " ORDER BY slug LIMIT :limit");
            return query.bind("limit", limit).map(JdbiTenantStore::tenant).list();
        });
    }

    private static Tenant tenant(ResultSet row, StatementContext context) throws SQLException {
        return new Tenant(new TenantId(row.getString("id")), row.getString("slug"), row.getString("name"),
                row.getString("plan"), row.getBoolean("active"), Columns.instant(row, "created_at"));
    }
}
