package io.promptengine.adapters.persistence;

import io.promptengine.application.port.out.IdempotencyStore;
import io.promptengine.application.port.out.IdempotencyStoreContract;
import io.promptengine.domain.tenant.TenantId;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(TestDatabases.Engine.class)
final class JdbiIdempotencyStoreTest extends IdempotencyStoreContract {

    @Parameter
    TestDatabases.Engine engine;

    @TempDir
    Path directory;

    private Database database;

    @Override
    protected IdempotencyStore newStore() {
        database = engine.open(directory);
        return database.idempotencyKeys();
    }

    @Override
    protected void givenTenant(TenantId tenant) {
        // keys are scoped by tenant id in their primary key; the table has no foreign key to check
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
