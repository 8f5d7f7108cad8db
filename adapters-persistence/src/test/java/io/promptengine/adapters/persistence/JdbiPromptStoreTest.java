package io.promptengine.adapters.persistence;

import io.promptengine.application.port.out.PromptStore;
import io.promptengine.application.port.out.PromptStoreContract;
import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.tenant.Tenant;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(TestDatabases.Engine.class)
final class JdbiPromptStoreTest extends PromptStoreContract {

    @Parameter
    TestDatabases.Engine engine;

    @TempDir
    Path directory;

    private Database database;

    @Override
    protected PromptStore newStore() {
        database = engine.open(directory);
        return database.prompts();
    }

    @Override
    protected void givenTenant(Tenant tenant) {
        database.tenants().insert(tenant);
    }

    @Override
    protected void givenEndpoint(Endpoint endpoint) {
        database.endpoints().insert(endpoint);
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
