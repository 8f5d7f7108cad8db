package io.promptengine.adapters.persistence;

import java.sql.SQLException;

/** Recognises a failed write that broke a unique constraint; H2 and PostgreSQL both report SQLState 23505. */
final class UniqueViolation {

    private static final String SQL_STATE = "23505";

    private UniqueViolation() {
    }

    static boolean causes(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && SQL_STATE.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
