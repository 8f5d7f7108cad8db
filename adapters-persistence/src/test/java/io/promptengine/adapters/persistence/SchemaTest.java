package io.promptengine.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(TestDatabases.Engine.class)
final class SchemaTest {

    private static final Pattern MIGRATION = Pattern.compile("V(\\d+)__.+\\.sql");

    @Parameter
    TestDatabases.Engine engine;

    @TempDir
    Path directory;

    private HikariDataSource source;

    @AfterEach
    void close() {
        if (source != null) {
            source.close();
        }
    }

    @Test
    void newestMigration_isTheHighestVersionInTheMigrationsFolder() throws IOException, URISyntaxException {
        Path folder = Path.of(Schema.class.getResource("/db/migration").toURI());
        int highest;
        try (Stream<Path> files = Files.list(folder)) {
            highest = files.map(file -> MIGRATION.matcher(file.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToInt(match -> Integer.parseInt(match.group(1)))
                    .max().orElseThrow();
        }
        assertThat(Schema.NEWEST_MIGRATION).isEqualTo(highest);
    }

    @Test
    void givenFreshDatabase_isNotCurrent_untilMigrated() {
        source = dataSource();
        assertThat(Schema.isCurrent(source)).isFalse();

        Schema.migrate(source);

        assertThat(Schema.isCurrent(source)).isTrue();
        // versions may have gaps (branches number their migrations ahead of a merge): the newest one ran
        assertThat(history("SELECT count(*) FROM flyway_schema_history WHERE success AND type = 'SQL' AND version = '"
                + Schema.NEWEST_MIGRATION + "'")).isEqualTo(1);
    }

    /** Proof that the shortcut does not start Flyway: Flyway would refuse a history whose checksum was changed. */
    @Test
    void givenCurrentSchema_migrate_readsTheHistoryAndLeavesFlywayOut() {
        source = dataSource();
        Schema.migrate(source);
        execute("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '1'");

        Schema.migrate(source);

        assertThat(Schema.isCurrent(source)).isTrue();
    }

    @Test
    void givenFailedMigrationInTheHistory_migrate_letsFlywayRefuseIt() {
        source = dataSource();
        Schema.migrate(source);
        execute("UPDATE flyway_schema_history SET success = false WHERE version = '" + Schema.NEWEST_MIGRATION + "'");

        assertThat(Schema.isCurrent(source)).isFalse();
        assertThatThrownBy(() -> Schema.migrate(source)).isInstanceOf(FlywayException.class)
                .hasMessageContaining("failed");
    }

    @Test
    void givenHistoryEndingBehindTheNewest_migrate_runsTheMissingMigrationsWithFlyway() {
        source = dataSource();
        Schema.migrate(source);
        execute("DELETE FROM flyway_schema_history WHERE version = '" + Schema.NEWEST_MIGRATION + "'");
        execute("DROP TABLE console_sessions");
        assertThat(Schema.isCurrent(source)).isFalse();

        Schema.migrate(source);

        assertThat(Schema.isCurrent(source)).isTrue();
        assertThat(history("SELECT count(*) FROM information_schema.columns WHERE lower(table_name) = "
                + "'console_sessions' AND lower(column_name) = 'csrf_token'")).isEqualTo(1);
    }

    /** A newer build migrated further: Flyway decides, as without the shortcut (it ignores future migrations). */
    @Test
    void givenHistoryAheadOfThisBuild_migrate_isLeftToFlyway() {
        source = dataSource();
        Schema.migrate(source);
        long migrated = history("SELECT count(*) FROM flyway_schema_history WHERE type = 'SQL'");
        execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,"
                + " installed_by, execution_time, success) VALUES (99, '" + (Schema.NEWEST_MIGRATION + 1)
                + "', 'later', 'SQL', 'V" + (Schema.NEWEST_MIGRATION + 1) + "__later.sql', 0, 'test', 1, true)");
        assertThat(Schema.isCurrent(source)).isFalse();

        Schema.migrate(source);

        assertThat(history("SELECT count(*) FROM flyway_schema_history WHERE type = 'SQL'"))
                .isEqualTo(migrated + 1);
    }

    private HikariDataSource dataSource() {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(Database.withH2Settings(engine.url(directory)));
        pool.setUsername(engine.user());
        pool.setMaximumPoolSize(2);
        return pool;
    }

    private void execute(String sql) {
        engine.jdbi(directory).useHandle(handle -> handle.execute(sql));
    }

    private long history(String sql) {
        return engine.jdbi(directory).withHandle(handle -> handle.createQuery(sql).mapTo(Long.class).one());
    }
}
