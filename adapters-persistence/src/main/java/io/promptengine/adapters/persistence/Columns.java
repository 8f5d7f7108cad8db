package io.promptengine.adapters.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

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

    /** For binding an optional integer; {@code null} when absent. */
    static Integer boxed(OptionalInt value) {
        return value.isPresent() ? value.getAsInt() : null;
    }

    /** For binding an optional double; {@code null} when absent. */
    static Double boxed(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }

    /** For binding an optional long; {@code null} when absent. */
    static Long boxed(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }

    static OptionalInt optionalInt(ResultSet row, String column) throws SQLException {
        int value = row.getInt(column);
        return row.wasNull() ? OptionalInt.empty() : OptionalInt.of(value);
    }

    static OptionalDouble optionalDouble(ResultSet row, String column) throws SQLException {
        double value = row.getDouble(column);
        return row.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    static OptionalLong optionalLong(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? OptionalLong.empty() : OptionalLong.of(value);
    }

    /**
     * A list of strings as one column: each string ends with a line break, and {@code \\} and line breaks within
     * it are escaped, so that any list survives; the empty list is the empty string.
     */
    static String lines(List<String> values) {
        StringBuilder out = new StringBuilder();
        for (String value : values) {
            out.append(value.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        }
        return out.toString();
    }

    /** The list {@link #lines(List)} wrote. */
    static List<String> lines(String column) {
        List<String> values = new ArrayList<>();
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < column.length(); i++) {
            char c = column.charAt(i);
            if (c == '\n') {
                values.add(value.toString());
                value.setLength(0);
            } else if (c == '\\' && i + 1 < column.length()) {
                char escaped = column.charAt(++i);
                value.append(escaped == 'n' ? '\n' : escaped);
            } else {
                value.append(c);
            }
        }
        return values;
    }
}
