package io.promptengine.adapters.persistence;

import java.sql.PreparedStatement;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;

/**
 * Runs a test's action in the middle of a store call: right after the next statement whose SQL contains a fragment
 * has executed, before the store has used what it read. Lets a test race a read against a write deterministically.
 */
final class AfterStatement {

    private final AtomicReference<Runnable> next = new AtomicReference<>();

    AfterStatement(Jdbi jdbi, String sqlFragment) {
        jdbi.getConfig(SqlStatements.class).addCustomizer(new StatementCustomizer() {
            @Override
            public void afterExecution(PreparedStatement statement, StatementContext context) {
                Runnable action = context.getRawSql().contains(sqlFragment) ? next.getAndSet(null) : null;
                if (action != null) {
                    action.run();
                }
            }
        });
    }

    /** {@code action} runs once, after the next matching statement. */
    void then(Runnable action) {
        next.set(action);
    }
}
