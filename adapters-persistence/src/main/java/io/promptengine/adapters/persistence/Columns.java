package io.promptengine.adapters.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Conversions between domain values and column values shared by the stores. Instants become UTC timestamps
 * truncated to microseconds, the precision of {@code TIMESTAMP(6)} in both H2 and PostgreSQL; truncating here
 * rather than letting the driver round keeps an instant from moving into the next microsecond (or second).
 */
final class Columns {

    private Columns() {
    }

    static OffsetDateTime timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    /** For binding an optional instant; {@code null} when absent. */
    static OffsetDateTime timestamp(Optional<Instant> instant) {
        return instant.map(Columns::timestamp).orElse(null);
    }

    static Instant instant(ResultSet row, String column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class).toInstant();
    }

    static Optional<Instant> optionalInstant(ResultSet row, String column) throws SQLException {
        return Optional.ofNullable(row.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }
}
