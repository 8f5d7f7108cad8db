package io.promptengine.adapters.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded PostgreSQL server per test JVM, started on first use and stopped when the JVM exits. Each test gets
 * a database of its own on it ({@code CREATE DATABASE} is a file copy of the template, a few milliseconds), so tests
 * stay independent without paying a server start each.
 */
final class TestPostgres {

    static final String USER = "postgres";

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final Map<Path, String> URLS = new ConcurrentHashMap<>();
    private static EmbeddedPostgres server;

    private TestPostgres() {
    }

    /** The URL of a new, empty database that belongs to the test using {@code directory}; the same one each call. */
    static String url(Path directory) {
        return URLS.computeIfAbsent(directory, d -> freshDatabase());
    }

    /** A new, empty database, its JDBC URL. */
    static String freshDatabase() {
        EmbeddedPostgres postgres = server();
        String name = "test_" + DATABASES.incrementAndGet();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return postgres.getJdbcUrl(USER, name);
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    // the JVM is exiting; the server's own shutdown hook stops it anyway
                }
            }, "embedded-postgres-stop"));
        }
        return server;
    }
}
