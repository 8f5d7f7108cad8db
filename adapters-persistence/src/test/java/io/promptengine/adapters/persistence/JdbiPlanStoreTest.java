package io.promptengine.adapters.persistence;

import io.promptengine.application.port.out.PlanStore;
import io.promptengine.application.port.out.PlanStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(TestDatabases.Engine.class)
final class JdbiPlanStoreTest extends PlanStoreContract {

    @Parameter
    TestDatabases.Engine engine;

    @TempDir
    Path directory;

    private Database database;

    @Override
    protected PlanStore newStore() {
        database = engine.open(directory);
        return database.plans();
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
