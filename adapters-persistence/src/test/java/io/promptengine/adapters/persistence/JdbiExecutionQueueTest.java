package io.promptengine.adapters.persistence;

import io.promptengine.application.port.out.ExecutionQueueContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

final class JdbiExecutionQueueTest extends ExecutionQueueContract {

    @TempDir
    Path directory;

    private Database database;

    @Override
    protected Stores newStores() {
        database = TestDatabases.open(directory);
        return new Stores(database.executions(), database.executionQueue());
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
