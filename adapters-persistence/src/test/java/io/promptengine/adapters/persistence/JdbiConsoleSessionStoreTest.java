package io.promptengine.adapters.persistence;

import io.promptengine.application.port.out.ConsoleSessionStore;
import io.promptengine.application.port.out.ConsoleSessionStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(TestDatabases.Engine.class)
final class JdbiConsoleSessionStoreTest extends ConsoleSessionStoreContract {

    @Parameter
    TestDatabases.Engine engine;

    @TempDir
    Path directory;

    private Database database;

    @Override
    protected ConsoleSessionStore newStore() {
        database = engine.open(directory);
        return database.consoleSessions();
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
