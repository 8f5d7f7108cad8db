package io.promptengine.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.application.port.out.OperatorKeyStore;
import io.promptengine.application.port.out.OperatorKeyStoreContract;
import io.promptengine.domain.tenant.ApiKeySecret;
import io.promptengine.domain.tenant.OperatorKey;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(TestDatabases.Engine.class)
final class JdbiOperatorKeyStoreTest extends OperatorKeyStoreContract {

    @Parameter
    TestDatabases.Engine engine;

    @TempDir
    Path directory;

    private Database database;

    @Override
    protected OperatorKeyStore newStore() {
        database = engine.open(directory);
        return database.operatorKey();
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Test
    void givenStoredKey_reopeningTheDatabase_findsIt() {
        OperatorKey key = OperatorKey.of(ApiKeySecret.of("pe_admin_reopened-operator-key"),
                Instant.parse("2025-03-01T10:15:30Z"));
        database.operatorKey().storeIfAbsent(key);
        database.close();

        database = engine.open(directory);

        assertThat(database.operatorKey().find()).contains(key);
    }
}
