package io.promptengine.adapters.persistence;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The positional parameters of a plain JDBC statement, bound one after the other in column order; an absent value
 * becomes a NULL of the column's type. For the hot write path, where JDBI's named binding costs more than the
 * database does; types are bound as JDBI binds them.
 */
final class Parameters {

    private final PreparedStatement statement;
    private int index;

    Parameters(PreparedStatement statement) {
        this.statement = statement;
    }

    /** @param value {@code null} for NULL */
    Parameters text(String value) throws SQLException {
        statement.setString(++index, value);
        return this;
    }

    Parameters number(OptionalDouble value) throws SQLException {
        if (value.isPresent()) {
            statement.setDouble(++index, value.getAsDouble());
        } else {
            statement.setNull(++index, Types.DOUBLE);
        }
        return this;
    }

    Parameters number(OptionalInt value) throws SQLException {
        if (value.isPresent()) {
            statement.setInt(++index, value.getAsInt());
        } else {
            statement.setNull(++index, Types.INTEGER);
        }
        return this;
    }

    Parameters number(int value) throws SQLException {
        statement.setInt(++index, value);
        return this;
    }

    Parameters number(long value) throws SQLException {
        statement.setLong(++index, value);
        return this;
    }

    /** @param value {@code null} for NULL */
    Parameters number(Long value) throws SQLException {
        if (value == null) {
            statement.setNull(++index, Types.BIGINT);
        } else {
            statement.setLong(++index, value);
        }
        return this;
    }

    /** @param value {@code null} for NULL */
    Parameters number(BigDecimal value) throws SQLException {
        if (value == null) {
            statement.setNull(++index, Types.NUMERIC);
        } else {
            statement.setBigDecimal(++index, value);
        }
        return this;
    }

    Parameters bool(boolean value) throws SQLException {
        statement.setBoolean(++index, value);
        return this;
    }

    /** @param value {@code null} for NULL */
    Parameters timestamp(OffsetDateTime value) throws SQLException {
        statement.setObject(++index, value, Types.TIMESTAMP_WITH_TIMEZONE);
        return this;
    }
}
