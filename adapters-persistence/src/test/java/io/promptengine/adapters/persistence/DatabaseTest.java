package io.promptengine.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.domain.error.UnavailableException;
import io.promptengine.domain.tenant.Tenant;
import io.promptengine.domain.tenant.TenantId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class DatabaseTest {

    private static final Tenant ACME = new Tenant(new TenantId("ten_acme"), "acme", "Acme Corp", "free", true,
            Instant.parse("2025-03-01T10:15:30Z"));

    @TempDir
    Path directory;

    @Test
    void givenClosedDatabase_reopeningTheFile_seesItsData() {
        try (Database first = TestDatabases.open(directory)) {
            first.tenants().insert(ACME);
        }

        try (Database second = TestDatabases.open(directory)) {
            assertThat(second.tenants().findBySlug("acme")).contains(ACME);
        }
    }

    @Test
    void givenNoDataDirectoryYet_open_createsTheDatabaseFile() {
        Path data = directory.resolve("data");
        try (Database database = new Database("jdbc:h2:file:" + data.resolve("prompt-engine"), "", "", 2)) {
            assertThat(database.healthCheck().problem()).isEmpty();
        }

        assertThat(data.resolve("prompt-engine.mv.db")).isRegularFile();
    }

    @Test
    void givenCommittedInsert_copyOfTheStillOpenFile_containsIt() throws IOException {
        Path copy = Files.createDirectory(directory.resolve("copy"));
        try (Database database = TestDatabases.open(directory)) {
            database.tenants().insert(ACME);
            // what a process killed right now would leave on disk
            Files.copy(directory.resolve("prompt-engine.mv.db"), copy.resolve("prompt-engine.mv.db"));
        }

        try (Database recovered = TestDatabases.open(copy)) {
            assertThat(recovered.tenants().find(ACME.id())).contains(ACME);
        }
    }

    /** H2 must never move chunks: the file it opens says so, not only the URL (CrashTest lost rows to a move). */
    @Test
    void givenH2File_opened_neitherCompactsInTheBackgroundNorOnClose() throws SQLException {
        try (Database database = TestDatabases.open(directory);
                Connection connection = DriverManager.getConnection(TestDatabases.url(directory));
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT setting_name, setting_value FROM "
                        + "information_schema.settings WHERE setting_name IN ('AUTO_COMPACT_FILL_RATE', "
                        + "'MAX_COMPACT_TIME', 'RETENTION_TIME') ORDER BY setting_name")) {
            Map<String, String> settings = new LinkedHashMap<>();
            while (rows.next()) {
                settings.put(rows.getString(1), rows.getString(2));
            }
            assertThat(settings).containsExactly(Map.entry("AUTO_COMPACT_FILL_RATE", "0"),
                    Map.entry("MAX_COMPACT_TIME", "0"), Map.entry("RETENTION_TIME", "2000"));
        }
    }

    @Test
    void givenOpenDatabase_healthCheck_isUp() {
        try (Database database = TestDatabases.open(directory)) {
            assertThat(database.healthCheck().name()).isEqualTo("database");
            assertThat(database.healthCheck().problem()).isEmpty();
        }
    }

    @Test
    void givenClosedDatabase_healthCheck_reportsAProblemWithoutUrlOrCredentials() {
        String url = TestDatabases.url(directory);
        Database database = new Database(url, "operator", "s3cret-Passw0rd", 2);
        database.close();

        String problem = database.healthCheck().problem().orElseThrow();

        assertThat(problem).isEqualTo("no connection to the database");
    }

    @Test
    void givenClosedDatabase_storeCall_isUnavailable() {
        Database database = TestDatabases.open(directory);
        database.close();

        assertThatThrownBy(() -> database.tenants().find(ACME.id())).isInstanceOf(UnavailableException.class);
    }

    @Test
    void givenH2Url_withH2Settings_addsOnlyTheSettingsItLacks() {
        assertThat(Database.withH2Settings("jdbc:h2:file:./data/pe;mode=PostgreSQL"))
                .isEqualTo("jdbc:h2:file:./data/pe;mode=PostgreSQL;DATABASE_TO_LOWER=TRUE"
                        + ";DEFAULT_NULL_ORDERING=HIGH;RETENTION_TIME=2000;AUTO_COMPACT_FILL_RATE=0;MAX_COMPACT_TIME=0"
                        + ";DB_CLOSE_ON_EXIT=FALSE");
    }

    @Test
    void givenPostgresqlUrl_withH2Settings_leavesItAlone() {
        assertThat(Database.withH2Settings("jdbc:postgresql://db:5432/pe")).isEqualTo("jdbc:postgresql://db:5432/pe");
    }

    @Test
    void givenInProcessH2Url_isExclusive_butNotAServerSharedOrPostgresql() {
        assertThat(Database.isExclusive("jdbc:h2:file:./data/prompt-engine")).isTrue();
        assertThat(Database.isExclusive("jdbc:h2:mem:test;DB_CLOSE_DELAY=-1")).isTrue();
        assertThat(Database.isExclusive("jdbc:h2:./data/pe")).isTrue();
        assertThat(Database.isExclusive("jdbc:h2:file:./data/pe;AUTO_SERVER=TRUE")).isFalse();
        assertThat(Database.isExclusive("jdbc:h2:tcp://db/~/pe")).isFalse();
        assertThat(Database.isExclusive("jdbc:postgresql://db:5432/pe")).isFalse();
    }

    @Test
    void givenHostsDataSource_over_migratesItAndCloseLeavesItOpen() throws SQLException {
        JdbcDataSource host = new JdbcDataSource();
        host.setURL(Database.h2Url("jdbc:h2:file:" + directory.resolve("hosted").toAbsolutePath()));
        try (Connection held = host.getConnection()) {
            try (Database database = Database.over(host)) {
                database.tenants().insert(ACME);
                assertThat(database.tenants().findBySlug("acme")).contains(ACME);
            }

            try (Statement statement = held.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT slug FROM tenants")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("acme");
            }
        }
    }

    @Test
    void givenHostsH2DataSourceWithoutPostgresMode_over_isRefusedNamingTheSetting() {
        JdbcDataSource host = new JdbcDataSource();
        host.setURL("jdbc:h2:file:" + directory.resolve("plain").toAbsolutePath());

        assertThatThrownBy(() -> Database.over(host)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(";MODE=PostgreSQL").hasMessageContaining("Database.h2Url");
    }

    @Test
    void givenHostsH2DataSourceThatCompactsItsFile_over_isRefusedNamingTheSetting() {
        JdbcDataSource host = new JdbcDataSource();
        host.setURL(Database.h2Url("jdbc:h2:file:" + directory.resolve("compacting").toAbsolutePath()
                + ";AUTO_COMPACT_FILL_RATE=90"));

        assertThatThrownBy(() -> Database.over(host)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(";AUTO_COMPACT_FILL_RATE=0, not 90").hasMessageContaining("Database.h2Url");
    }
}
