package io.promptengine.adapters.persistence;

import io.promptengine.application.port.out.ApiKeyStore;
import io.promptengine.domain.audit.AuditEvent;
import io.promptengine.domain.error.ConflictException;
import io.promptengine.domain.tenant.ApiKey;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.Scope;
import io.promptengine.domain.tenant.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * API keys, looked up by the unique index on {@code secret_hash}. Every request authenticates, so keys found are
 * kept for a moment in a small cache: a key revoked or changed elsewhere, even by another instance, is seen at
 * most {@link #CACHE_TTL_NANOS} later. A revocation through this store is seen at once: it evicts the key, and a
 * lookup that read the row before the revocation committed does not put its stale copy back. Unknown hashes are
 * not cached, so a key is usable as soon as it is inserted and probing with random secrets cannot fill the cache.
 */
final class JdbiApiKeyStore implements ApiKeyStore {

    static final long CACHE_TTL_NANOS = 500_000_000L;
    static final int CACHE_MAX_ENTRIES = 10_000;

    private static final String SELECT = "SELECT id, tenant_id, name, prefix, secret_hash, scopes, created_at, "
            + "expires_at, revoked_at, last_used_at, requests_per_minute FROM api_keys";

    private final Jdbi jdbi;
    private final Durability durability;
    private final ReadCache<String, ApiKey> cache;

    JdbiApiKeyStore(Jdbi jdbi, Durability durability) {
        this(jdbi, durability, System::nanoTime);
    }

    /** With a clock of our own, so that tests can let the cache expire without waiting. */
    JdbiApiKeyStore(Jdbi jdbi, Durability durability, LongSupplier nanoTime) {
        this.jdbi = jdbi;
        this.durability = durability;
        this.cache = new ReadCache<>(CACHE_TTL_NANOS, CACHE_MAX_ENTRIES, nanoTime);
    }

    @Override
    public void insert(ApiKey key, Optional<AuditEvent> audit) {
        try {
            jdbi.useHandle(handle -> {
                handle.useTransaction(transaction -> {
                    transaction.createUpdate("INSERT INTO api_keys (id, tenant_id, name, prefix, secret_hash, scopes, "
                            + "created_at, expires_at, revoked_at, last_used_at, requests_per_minute) VALUES (:id, "
                            + ":tenant_id, :name, :prefix, :secret_hash, :scopes, :created_at, :expires_at, "
                            + ":revoked_at, :last_used_at, :requests_per_minute)")
                            .bind("id", key.id().value())
                            .bind("tenant_id", key.tenantId().value())
                            .bind("name", key.name())
                            .bind("prefix", key.prefix())
                            .bind("secret_hash", key.secretHash())
                            .bind("scopes", scopes(key.scopes()))
                            .bindByType("created_at", Columns.timestamp(key.createdAt()), OffsetDateTime.class)
                            .bindByType("expires_at", Columns.timestamp(key.expiresAt()), OffsetDateTime.class)
                            .bindByType("revoked_at", Columns.timestamp(key.revokedAt()), OffsetDateTime.class)
                            .bindByType("last_used_at", Columns.timestamp(key.lastUsedAt()), OffsetDateTime.class)
                            .bind("requests_per_minute", Columns.boxed(key.requestsPerMinute()))
                            .execute();
                    JdbiAuditEventStore.append(transaction, audit);
                });
                durability.afterWrite(handle);
            });
        } catch (RuntimeException e) {
            if (UniqueViolation.causes(e)) {
                throw new ConflictException("This API key already exists");
            }
            throw e;
        }
    }

    @Override
    public Optional<ApiKey> findBySecretHash(String secretHash) {
        return cache.get(secretHash, () -> jdbi.withHandle(handle -> handle
                .createQuery(SELECT + " WHERE secret_hash = :hash")
                .bind("hash", secretHash)
                .map(JdbiApiKeyStore::apiKey)
                .findOne()));
    }

    @Override
    public Optional<ApiKey> find(TenantId tenantId, ApiKeyId id) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT + " WHERE id = :id AND tenant_id = :tenant_id")
                .bind("id", id.value())
                .bind("tenant_id", tenantId.value())
                .map(JdbiApiKeyStore::apiKey)
                .findOne());
    }

    @Override
    public List<ApiKey> list(TenantId tenantId) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT
                        + " WHERE tenant_id = :tenant_id ORDER BY created_at DESC, id DESC")
                .bind("tenant_id", tenantId.value())
                .map(JdbiApiKeyStore::apiKey)
                .list());
    }

    @Override
    public Optional<ApiKey> revoke(TenantId tenantId, ApiKeyId id, Instant at, Optional<AuditEvent> audit) {
        Optional<ApiKey> revoked = jdbi.withHandle(handle -> {
            handle.useTransaction(transaction -> {
                int changed = transaction.createUpdate("UPDATE api_keys SET revoked_at = :at "
                        + "WHERE id = :id AND tenant_id = :tenant_id AND revoked_at IS NULL")
                        .bindByType("at", Columns.timestamp(at), OffsetDateTime.class)
                        .bind("id", id.value())
                        .bind("tenant_id", tenantId.value())
                        .execute();
                if (changed > 0) {
                    JdbiAuditEventStore.append(transaction, audit);
                }
            });
            durability.afterWrite(handle);
            return handle.createQuery(SELECT + " WHERE id = :id AND tenant_id = :tenant_id")
                    .bind("id", id.value())
                    .bind("tenant_id", tenantId.value())
                    .map(JdbiApiKeyStore::apiKey)
                    .findOne();
        });
        revoked.ifPresent(key -> cache.evict(key.secretHash()));
        return revoked;
    }

    /** Not made durable at once: the last use is a hint, and a write per minute and key need not cost a flush. */
    @Override
    public void recordUse(ApiKeyId id, Instant at) {
        jdbi.useHandle(handle -> handle.createUpdate("UPDATE api_keys SET last_used_at = :at "
                        + "WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :at)")
                .bindByType("at", Columns.timestamp(at), OffsetDateTime.class)
                .bind("id", id.value())
                .execute());
    }

    private static String scopes(Set<Scope> scopes) {
        return EnumSet.copyOf(scopes).stream().map(Scope::wireName).sorted().collect(Collectors.joining(","));
    }

    private static Set<Scope> scopes(String column) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String wireName : column.split(",")) {
            scopes.add(Scope.fromWire(wireName));
        }
        return scopes;
    }

    private static ApiKey apiKey(ResultSet row, StatementContext context) throws SQLException {
        return new ApiKey(new ApiKeyId(row.getString("id")), new TenantId(row.getString("tenant_id")),
                row.getString("name"), row.getString("prefix"), row.getString("secret_hash"),
                scopes(row.getString("scopes")), Columns.instant(row, "created_at"),
                Columns.optionalInstant(row, "expires_at"), Columns.optionalInstant(row, "revoked_at"),
                Columns.optionalInstant(row, "last_used_at"), Columns.optionalInt(row, "requests_per_minute"));
    }

}
