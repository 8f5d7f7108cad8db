package io.promptengine.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.application.port.out.ApiKeyStore;
import io.promptengine.application.port.out.ApiKeyStoreContract;
import io.promptengine.domain.error.ConflictException;
import io.promptengine.domain.tenant.ApiKey;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.ApiKeySecret;
import io.promptengine.domain.tenant.Scope;
import io.promptengine.domain.tenant.Tenant;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class JdbiApiKeyStoreTest extends ApiKeyStoreContract {

    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    @TempDir
    Path directory;

    private Database database;
    private final AtomicLong nanoTime = new AtomicLong();

    @Override
    protected ApiKeyStore newStore() {
        database = TestDatabases.open(directory);
        return database.apiKeys();
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
    void givenKeyRevokedInTheDatabase_findBySecretHash_seesItOnceTheCacheExpires() {
        Jdbi jdbi = Jdbi.create(Database.withH2Settings(TestDatabases.url(directory)), "", "");
        JdbiApiKeyStore keys = new JdbiApiKeyStore(jdbi, Durability.H2_CHECKPOINT, nanoTime::get);
        ApiKey key = key("key_cached", "pe_live_cached-secret");
        keys.insert(key);
        assertThat(keys.findBySecretHash(key.secretHash())).contains(key);

        jdbi.useHandle(handle -> handle.createUpdate("UPDATE api_keys SET revoked_at = :at WHERE id = :id")
                .bind("at", OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC))
                .bind("id", key.id().value())
                .execute());
        nanoTime.addAndGet(JdbiApiKeyStore.CACHE_TTL_NANOS - 1);
        assertThat(keys.findBySecretHash(key.secretHash())).contains(key);

        nanoTime.addAndGet(1);
        assertThat(keys.findBySecretHash(key.secretHash())).map(ApiKey::revokedAt).contains(Optional.of(NOW));
    }

    @Test
    void givenHashLookedUpBeforeInsert_findBySecretHash_findsTheKeyAtOnce() {
        ApiKey key = key("key_late", "pe_live_late-secret");
        assertThat(database.apiKeys().findBySecretHash(key.secretHash())).isEmpty();

        database.apiKeys().insert(key);

        assertThat(database.apiKeys().findBySecretHash(key.secretHash())).contains(key);
    }

    @Test
    void givenTakenSecretHash_insert_isConflict() {
        database.apiKeys().insert(key("key_one", "pe_live_same-secret"));

        assertThatThrownBy(() -> database.apiKeys().insert(key("key_two", "pe_live_same-secret")))
                .isInstanceOf(ConflictException.class);
    }

    private static ApiKey key(String id, String secret) {
        return ApiKey.issue(new ApiKeyId(id), TENANT.id(), id, ApiKeySecret.of(secret), EnumSet.of(Scope.READ),
                NOW, Optional.empty());
    }
}
