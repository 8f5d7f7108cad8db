package io.promptengine.adapters.persistence;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Brings the schema up to date with the Flyway migrations in {@code db/migration}, without starting Flyway when
 * there is nothing to do: a restart on a database whose history already ends, successfully, at the newest
 * migration this build carries reads that history with one query and goes on. Flyway's own start-up (plugin
 * discovery, a configuration copy through its own JSON mapper, a scan of the jar, validation) costs a few hundred
 * milliseconds of a start of about two seconds, every start.
 *
 * <p>Anything else runs Flyway as before: a fresh database, a history with a failed or pending migration, one that
 * ends at another version (an instance of a newer build has migrated further: Flyway decides, as it always did), or
 * a history that cannot be read. What the shortcut does not repeat is Flyway's validation of the applied
 * migrations' checksums, which guards against an applied migration edited afterwards; the migrations are inside
 * the jar, and a build that adds one runs Flyway, validation included, on its first start.
 */
final class Schema {

    /**
     * The version of the newest migration in {@code db/migration}; {@code SchemaTest} fails the build when a
     * migration is added without raising it.
     */
    static final int NEWEST_MIGRATION = 16;

    private Schema() {
    }

    /** Migrates {@code source} to {@link #NEWEST_MIGRATION}, with Flyway unless it is there already. */
    static void migrate(DataSource source) {
        if (!isCurrent(source)) {
            Flyway.configure()
                    .dataSource(source)
                    .locations("classpath:db/migration")
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
        }
    }

    /**
     * Whether Flyway's history on {@code source} records every versioned migration as successful and the newest as
     * {@link #NEWEST_MIGRATION}; false when it says anything else or cannot be read (no history yet).
     */
    static boolean isCurrent(DataSource source) {
        try (Connection connection = source.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL")) {
            int newest = 0;
            while (rows.next()) {
                int version = rows.getBoolean(2) ? version(rows.getString(1)) : -1;
                if (version < 0) {
                    return false;
                }
                newest = Math.max(newest, version);
            }
            return newest == NEWEST_MIGRATION;
        } catch (SQLException e) {
            return false;
        }
    }

    /** A migration's version as a whole number, -1 when it is not one (ours all are: V1, V2, …). */
    private static int version(String text) {
        return text.matches("\\d{1,9}") ? Integer.parseInt(text) : -1;
    }
}
