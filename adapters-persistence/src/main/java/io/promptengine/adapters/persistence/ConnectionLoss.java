package io.promptengine.adapters.persistence;

import io.promptengine.domain.error.UnavailableException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Recognises a statement that failed because the database went away under it (stopped, restarted, the network
 * cut): SQLState class 08 (connection exception) or PostgreSQL's 57P01–57P03 (the server shutting down, crashed,
 * or not yet accepting connections). Such a failure is the database's unavailability, not a bug, so the caller is
 * answered 503 {@code unavailable} rather than 500; the pool drops the broken connection and opens new ones once
 * the database is back.
 */
final class ConnectionLoss {

    static final String MESSAGE = "The database is unavailable";

    private ConnectionLoss() {
    }

    static boolean causes(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                        || state.equals("57P03")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A JDBI exception handler: a lost connection becomes an {@link UnavailableException}. */
    static void handle(SQLException failure, StatementContext context) {
        if (causes(failure)) {
            throw new UnavailableException(MESSAGE, failure);
        }
    }
}
