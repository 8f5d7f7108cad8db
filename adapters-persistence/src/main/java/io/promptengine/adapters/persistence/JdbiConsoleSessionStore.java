package io.promptengine.adapters.persistence;

import io.promptengine.application.port.out.ConsoleSession;
import io.promptengine.application.port.out.ConsoleSessionStore;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The console's sessions in {@code console_sessions}, by token hash. A session's idle expiry never passes its
 * absolute one, so the purge needs to look at the idle expiry alone.
 */
final class JdbiConsoleSessionStore implements ConsoleSessionStore {

    private final Jdbi jdbi;
    private final Durability durability;

    JdbiConsoleSessionStore(Jdbi jdbi, Durability durability) {
        this.jdbi = jdbi;
        this.durability = durability;
    }

    @Override
    public void insert(ConsoleSession session) {
        jdbi.useHandle(handle -> {
            handle.createUpdate("INSERT INTO console_sessions (token_hash, tenant_id, api_key_id, operator_key, "
                    + "csrf_token, created_at, last_seen_at, idle_expires_at, expires_at) VALUES (:token_hash, "
                    + ":tenant_id, :api_key_id, :operator_key, :csrf_token, :created_at, :last_seen_at, "
                    + ":idle_expires_at, :expires_at)")
                    .bind("token_hash", session.tokenHash())
                    .bind("tenant_id", session.tenantId().map(TenantId::value).orElse(null))
                    .bind("api_key_id", session.apiKeyId().map(ApiKeyId::value).orElse(null))
                    .bind("operator_key", session.operatorKey().orElse(null))
                    .bind("csrf_token", session.csrfToken())
                    .bindByType("created_at", Columns.timestamp(session.createdAt()), OffsetDateTime.class)
                    .bindByType("last_seen_at", Columns.timestamp(session.lastSeenAt()), OffsetDateTime.class)
                    .bindByType("idle_expires_at", Columns.timestamp(session.idleExpiresAt()), OffsetDateTime.class)
                    .bindByType("expires_at", Columns.timestamp(session.expiresAt()), OffsetDateTime.class)
                    .execute();
            durability.afterWrite(handle);
        });
    }

    @Override
    public Optional<ConsoleSession> find(String tokenHash) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT token_hash, tenant_id, api_key_id, operator_key, csrf_token, "
                        + "created_at, last_seen_at, idle_expires_at, expires_at FROM console_sessions "
                        + "WHERE token_hash = :token_hash")
                .bind("token_hash", tokenHash)
                .map(JdbiConsoleSessionStore::session)
                .findOne());
    }

    @Override
    public void touch(String tokenHash, Instant lastSeenAt, Instant idleExpiresAt) {
        jdbi.useHandle(handle -> {
            handle.createUpdate("UPDATE console_sessions SET last_seen_at = :last_seen_at, "
                    + "idle_expires_at = :idle_expires_at WHERE token_hash = :token_hash")
                    .bind("token_hash", tokenHash)
                    .bindByType("last_seen_at", Columns.timestamp(lastSeenAt), OffsetDateTime.class)
                    .bindByType("idle_expires_at", Columns.timestamp(idleExpiresAt), OffsetDateTime.class)
                    .execute();
            durability.afterWrite(handle);
        });
    }

    @Override
    public void delete(String tokenHash) {
        jdbi.useHandle(handle -> {
            handle.createUpdate("DELETE FROM console_sessions WHERE token_hash = :token_hash")
                    .bind("token_hash", tokenHash)
                    .execute();
            durability.afterWrite(handle);
        });
    }

    @Override
    public int deleteExpired(Instant now) {
        return jdbi.withHandle(handle -> {
            int deleted = handle.createUpdate("DELETE FROM console_sessions WHERE idle_expires_at <= :now "
                    + "OR expires_at <= :now")
                    .bindByType("now", Columns.timestamp(now), OffsetDateTime.class)
                    .execute();
            durability.afterWrite(handle);
            return deleted;
        });
    }

    private static ConsoleSession session(ResultSet row, StatementContext context) throws SQLException {
        return new ConsoleSession(row.getString("token_hash"),
                Optional.ofNullable(row.getString("tenant_id")).map(TenantId::new),
                Optional.ofNullable(row.getString("api_key_id")).map(ApiKeyId::new),
                Optional.ofNullable(row.getString("operator_key")), row.getString("csrf_token"),
                Columns.instant(row, "created_at"), Columns.instant(row, "last_seen_at"),
                Columns.instant(row, "idle_expires_at"), Columns.instant(row, "expires_at"));
    }
}
