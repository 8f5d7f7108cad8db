package io.promptengine.adapters.persistence;

import io.promptengine.application.port.out.ExecutionQueueContract;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The queue contract on PostgreSQL, where {@code FOR UPDATE SKIP LOCKED} lets concurrent claimers pass each other:
 * one embedded server for the class, a new database per test.
 */
final class JdbiExecutionQueuePostgresTest extends ExecutionQueueContract {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private Database database;

    @BeforeAll
    static void startServer() throws IOException {
        server = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopServer() throws IOException {
        server.close();
    }

    @Override
    protected Stores newStores() {
        String name = "queue_contract_" + DATABASES.incrementAndGet();
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("could not create database " + name, e));
        }
        database = new Database(server.getJdbcUrl("postgres", name), "", "", 8);
        return new Stores(database.executions(), database.executionQueue());
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
