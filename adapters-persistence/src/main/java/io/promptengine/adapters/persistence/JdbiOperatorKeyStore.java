package io.promptengine.adapters.persistence;

import io.promptengine.application.port.out.OperatorKeyStore;
import io.promptengine.domain.audit.AuditEvent;
import io.promptengine.domain.tenant.OperatorKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** The generated operator key in the single row of {@code operator_key}; its primary key lets only one in. */
final class JdbiOperatorKeyStore implements OperatorKeyStore {

    private static final String ROW_ID = "operator";

    private final Jdbi jdbi;
    private final Durability durability;

    JdbiOperatorKeyStore(Jdbi jdbi, Durability durability) {
        this.jdbi = jdbi;
        this.durability = durability;
    }

    @Override
    public Optional<OperatorKey> find() {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT prefix, secret_hash, created_at FROM operator_key WHERE id = :id")
                .bind("id", ROW_ID)
                .map(JdbiOperatorKeyStore::operatorKey)
                .findOne());
    }

    @Override
    public OperatorKey storeIfAbsent(OperatorKey key, Optional<AuditEvent> audit) {
        try {
            jdbi.useHandle(handle -> {
                handle.useTransaction(transaction -> {
                    transaction.createUpdate("INSERT INTO operator_key (id, prefix, secret_hash, created_at) "
                            + "VALUES (:id, :prefix, :secret_hash, :created_at)")
                            .bind("id", ROW_ID)
                            .bind("prefix", key.prefix())
                            .bind("secret_hash", key.secretHash())
                            .bindByType("created_at", Columns.timestamp(key.createdAt()), OffsetDateTime.class)
                            .execute();
                    JdbiAuditEventStore.append(transaction, audit);
                });
                durability.afterWrite(handle);
            });
            return key;
        } catch (RuntimeException e) {
            if (UniqueViolation.causes(e)) {
                return find().orElseThrow(() -> e);
            }
            throw e;
        }
    }

    private static OperatorKey operatorKey(ResultSet row, StatementContext context) throws SQLException {
        return new OperatorKey(row.getString("prefix"), row.getString("secret_hash"),
                Columns.instant(row, "created_at"));
    }
}
