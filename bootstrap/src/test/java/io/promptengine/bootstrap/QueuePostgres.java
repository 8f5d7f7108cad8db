package io.promptengine.bootstrap;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real PostgreSQL servers for the queue's multi-instance tests. {@link #shared()} is one server for the whole test
 * JVM, started on first use, in which {@link #newDatabase()} creates an empty database per test. {@link #dedicated}
 * is a server of a test's own, on a fixed port and data directory, that the test may {@link #stop} and
 * {@link #restart} as an operator restarting the database would.
 */
final class QueuePostgres implements AutoCloseable {

    static final String USER = "postgres";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static QueuePostgres shared;

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres server;

    private QueuePostgres(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        restart();
    }

    /** The server of this JVM; it stops when the JVM exits. */
    static synchronized QueuePostgres shared() {
        if (shared == null) {
            shared = dedicated();
        }
        return shared;
    }

    /** A new server of the caller's own, on a free port and a new data directory; close it when done. */
    static QueuePostgres dedicated() {
        try {
            return new QueuePostgres(Files.createTempDirectory("pe-queue-pg-"), freePort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JDBC URL of a new, empty database on this server. */
    String newDatabase() {
        String name = "queue_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return url(name);
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + USER;
    }

    /** Stops the server; its data stays for {@link #restart}. */
    void stop() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the server on its port and data directory, with the data it had when it stopped. */
    void restart() {
        try {
            server = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "200")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
        try (var files = Files.walk(dataDirectory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
