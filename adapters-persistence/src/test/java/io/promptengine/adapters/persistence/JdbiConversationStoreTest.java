package io.promptengine.adapters.persistence;

import io.promptengine.application.port.out.ConversationStore;
import io.promptengine.application.port.out.ConversationStoreContract;
import io.promptengine.domain.prompt.Prompt;
import io.promptengine.domain.tenant.Tenant;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(TestDatabases.Engine.class)
final class JdbiConversationStoreTest extends ConversationStoreContract {

    @Parameter
    TestDatabases.Engine engine;

    @TempDir
    Path directory;

    private Database database;

    @Override
    protected ConversationStore newStore() {
        database = engine.open(directory);
        return database.conversations();
    }

    @Override
    protected void givenTenant(Tenant tenant) {
        database.tenants().insert(tenant);
    }

    @Override
    protected void givenPrompt(Prompt prompt) {
        database.prompts().insert(prompt);
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
