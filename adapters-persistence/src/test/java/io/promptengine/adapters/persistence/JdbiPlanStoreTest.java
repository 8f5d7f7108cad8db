package io.promptengine.adapters.persistence;

import io.promptengine.application.port.out.PlanStore;
import io.promptengine.application.port.out.PlanStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

final class JdbiPlanStoreTest extends PlanStoreContract {

    @TempDir
    Path directory;

    private Database database;

    @Override
    protected PlanStore newStore() {
        database = TestDatabases.open(directory);
        return database.plans();
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
