package io.promptengine.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.application.port.out.EndpointStore;
import io.promptengine.application.port.out.EndpointStoreContract;
import io.promptengine.application.port.out.PromptStore;
import io.promptengine.domain.common.EndpointId;
import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.endpoint.EndpointPath;
import io.promptengine.domain.schema.SchemaContract;
import io.promptengine.domain.tenant.Tenant;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(TestDatabases.Engine.class)
final class JdbiEndpointStoreTest extends EndpointStoreContract {

    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    @Parameter
    TestDatabases.Engine engine;

    @TempDir
    Path directory;

    private Database database;
    private final AtomicLong nanoTime = new AtomicLong();

    @Override
    protected EndpointStore newStore() {
        database = engine.open(directory);
        return database.endpoints();
    }

    @Override
    protected PromptStore prompts() {
        return database.prompts();
    }

    @Override
    protected void givenTenant(Tenant tenant) {
        database.tenants().insert(tenant);
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Test
    void givenEndpointChangedInTheDatabase_findByPath_seesItOnceTheCacheExpires() {
        Jdbi jdbi = jdbi();
        JdbiEndpointStore endpoints = new JdbiEndpointStore(jdbi, engine.durability(), nanoTime::get);
        Endpoint endpoint = endpoint("ep_cached", "");
        endpoints.insert(endpoint);
        assertThat(endpoints.findByPath(TENANT.id(), endpoint.path())).contains(endpoint);

        jdbi.useHandle(handle -> handle.execute("UPDATE endpoints SET description = 'changed elsewhere'"));
        nanoTime.addAndGet(JdbiApiKeyStore.CACHE_TTL_NANOS - 1);
        assertThat(endpoints.findByPath(TENANT.id(), endpoint.path())).contains(endpoint);

        nanoTime.addAndGet(1);
        assertThat(endpoints.findByPath(TENANT.id(), endpoint.path())).map(Endpoint::description)
                .contains("changed elsewhere");
    }

    @Test
    void givenLookupThatReadTheRowJustBeforeAnUpdate_findByPath_doesNotCacheTheStaleCopy() {
        Jdbi jdbi = jdbi();
        AfterStatement afterLookup = new AfterStatement(jdbi, "path = :path");
        JdbiEndpointStore endpoints = new JdbiEndpointStore(jdbi, engine.durability(), nanoTime::get);
        Endpoint endpoint = endpoint("ep_raced", "before");
        endpoints.insert(endpoint);
        afterLookup.then(() -> endpoints.update(endpoint("ep_raced", "after")));

        assertThat(endpoints.findByPath(TENANT.id(), endpoint.path())).map(Endpoint::description).contains("before");

        assertThat(endpoints.findByPath(TENANT.id(), endpoint.path())).map(Endpoint::description).contains("after");
    }

    private Jdbi jdbi() {
        return engine.jdbi(directory);
    }

    private static Endpoint endpoint(String id, String description) {
        return new Endpoint(new EndpointId(id), TENANT.id(), new EndpointPath("/cached"), description,
                new SchemaContract("{\"type\":\"object\"}"), Optional.empty(), Optional.empty(),
                Duration.ofSeconds(60), Duration.ZERO, NOW, NOW);
    }
}
