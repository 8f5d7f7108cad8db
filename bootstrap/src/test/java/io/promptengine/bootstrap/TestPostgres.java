package io.promptengine.bootstrap;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Embedded PostgreSQL for end-to-end tests. {@link #freshDatabase} gives a new database on one server shared by the
 * whole test JVM (started on first use); {@link #own} starts a server of a test's own, which the test may
 * {@link #stop} and {@link #start} again on the same port and data directory, as an operator restarting the
 * database would; {@link #dedicated} is such a server in a temporary directory that {@link #close} deletes.
 */
final class TestPostgres implements AutoCloseable {

    static final String USER = "postgres";

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static TestPostgres shared;

    private final Path dataDirectory;
    /** Whether stopping deletes the data: for the shared server, which is never started again. */
    private final boolean disposable;
    private boolean deleteOnClose;
    private int port;
    private EmbeddedPostgres server;

    private TestPostgres(Path dataDirectory, boolean disposable) {
        this.dataDirectory = dataDirectory;
        this.disposable = disposable;
        start();
    }

    /** The settings that put a {@link RunningApp} on a new, empty database of the shared server. */
    static Map<String, String> freshDatabase() {
        return shared().settingsFor(shared().createDatabase());
    }

    /** A JDBC URL, user included, of a new, empty database on the shared server. */
    static String freshDatabaseUrl() {
        return shared().newDatabaseUrl();
    }

    /** A server of the caller's own in a new temporary directory, deleted on {@link #close}. */
    static TestPostgres dedicated() {
        try {
            TestPostgres server = own(Files.createTempDirectory("pe-pg-"));
            server.deleteOnClose = true;
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server of the caller's own, its data in {@code dataDirectory}; close it when done. */
    static TestPostgres own(Path dataDirectory) {
        return new TestPostgres(dataDirectory, false);
    }

    private static synchronized TestPostgres shared() {
        if (shared == null) {
            try {
                shared = new TestPostgres(Files.createTempDirectory("pe-e2e-pg-"), true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            TestPostgres server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "embedded-postgres-stop"));
        }
        return shared;
    }

    /** A new, empty database on this server; its name. */
    String createDatabase() {
        String name = "e2e_" + DATABASES.incrementAndGet();
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return name;
    }

    /** A JDBC URL, user included, of a new, empty database on this server. */
    String newDatabaseUrl() {
        return "jdbc:postgresql://localhost:" + port + "/" + createDatabase() + "?user=" + USER;
    }

    /** {@code PE_DB_URL} and {@code PE_DB_USER} for {@code database} on this server. */
    Map<String, String> settingsFor(String database) {
        return Map.of("PE_DB_URL", "jdbc:postgresql://localhost:" + port + "/" + database, "PE_DB_USER", USER);
    }

    /** Stops the server (fast shutdown: open sessions are ended); its data stays. */
    void stop() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the server on its port and data directory; the first start picks a free port and creates the data. */
    void start() {
        try {
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(disposable)
                    .setPort(port)
                    // two instances with their pools, and a test's own connections, on one server
                    .setServerConfig("max_connections", "200")
                    .start();
            port = server.getPort();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
        }
    }

    @Override
    public void close() {
        stop();
        if (deleteOnClose) {
            try (var files = Files.walk(dataDirectory)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
