package io.promptengine.adapters.persistence;

import io.promptengine.application.port.out.TenantStore;
import io.promptengine.application.port.out.TenantStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

final class JdbiTenantStoreTest extends TenantStoreContract {

    @TempDir
    Path directory;

    private Database database;

    @Override
    protected TenantStore newStore() {
        database = TestDatabases.open(directory);
        return database.tenants();
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
