package io.promptengine.adapters.persistence;

import io.promptengine.application.port.out.ExecutionQueueContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The contract on H2 and on PostgreSQL, where {@code FOR UPDATE SKIP LOCKED} lets concurrent claimers pass each other. */
@ParameterizedClass
@EnumSource(TestDatabases.Engine.class)
final class JdbiExecutionQueueTest extends ExecutionQueueContract {

    @Parameter
    TestDatabases.Engine engine;

    @TempDir
    Path directory;

    private Database database;

    @Override
    protected Stores newStores() {
        database = engine.open(directory);
        return new Stores(database.executions(), database.executionQueue());
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
