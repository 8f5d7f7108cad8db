package io.promptengine.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.application.port.out.TenantStore;
import io.promptengine.application.port.out.TenantStoreContract;
import io.promptengine.domain.tenant.Tenant;
import io.promptengine.domain.tenant.TenantId;
import java.nio.file.Path;
import java.time.Instant;
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
final class JdbiTenantStoreTest extends TenantStoreContract {

    private static final Tenant ACME = new Tenant(new TenantId("ten_acme"), "acme", "Acme", "free", true,
            Instant.parse("2026-01-01T00:00:00Z"));

    @Parameter
    TestDatabases.Engine engine;

    @TempDir
    Path directory;

    private Database database;
    private final AtomicLong nanoTime = new AtomicLong();

    @Override
    protected TenantStore newStore() {
        database = engine.open(directory);
        return database.tenants();
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Test
    void givenTenantDeactivatedInTheDatabase_find_seesItOnceTheCacheExpires() {
        newStore();
        Jdbi jdbi = engine.jdbi(directory);
        JdbiTenantStore tenants = new JdbiTenantStore(jdbi, engine.durability(), nanoTime::get);
        tenants.insert(ACME);
        assertThat(tenants.find(ACME.id())).contains(ACME);

        jdbi.useHandle(handle -> handle.execute("UPDATE tenants SET active = FALSE WHERE id = 'ten_acme'"));
        nanoTime.addAndGet(JdbiApiKeyStore.CACHE_TTL_NANOS - 1);
        assertThat(tenants.find(ACME.id())).contains(ACME);

        nanoTime.addAndGet(1);
        assertThat(tenants.find(ACME.id())).contains(ACME.deactivated());
    }

    @Test
    void givenCachedTenant_updateThroughTheStore_isSeenAtOnce() {
        newStore();
        Jdbi jdbi = engine.jdbi(directory);
        JdbiTenantStore tenants = new JdbiTenantStore(jdbi, engine.durability(), nanoTime::get);
        tenants.insert(ACME);
        assertThat(tenants.find(ACME.id())).contains(ACME);

        tenants.update(ACME.withPlan("pro"));

        assertThat(tenants.find(ACME.id())).contains(ACME.withPlan("pro"));
    }
}
