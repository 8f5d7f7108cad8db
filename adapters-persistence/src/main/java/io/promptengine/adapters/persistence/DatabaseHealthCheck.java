package io.promptengine.adapters.persistence;

import io.promptengine.application.port.out.HealthCheck;
import io.promptengine.domain.error.UnavailableException;
import java.sql.SQLException;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Ready when the database answers a trivial query within a second (after waiting, like any request, for a free
 * connection). The problem it reports names the kind of failure only: driver messages may quote the URL or the
 * user, and this text is shown on a public endpoint.
 */
final class DatabaseHealthCheck implements HealthCheck {

    private static final int QUERY_TIMEOUT_SECONDS = 1;

    private final Jdbi jdbi;

    DatabaseHealthCheck(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public String name() {
        return "database";
    }

    @Override
    public Optional<String> problem() {
        try {
            jdbi.useHandle(handle -> handle.createQuery("SELECT 1")
                    .setQueryTimeout(QUERY_TIMEOUT_SECONDS)
                    .mapTo(Integer.class)
                    .one());
            return Optional.empty();
        } catch (UnavailableException e) {
            return Optional.of("no connection to the database");
        } catch (RuntimeException e) {
            return Optional.of("the database did not answer" + sqlState(e));
        }
    }

    private static String sqlState(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return " (SQLState " + sql.getSQLState() + ")";
            }
        }
        return "";
    }
}
