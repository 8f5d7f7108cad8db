package io.promptengine.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.application.port.out.ApiKeyStore;
import io.promptengine.application.port.out.ApiKeyStoreContract;
import io.promptengine.domain.tenant.ApiKey;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.ApiKeySecret;
import io.promptengine.domain.tenant.Scope;
import io.promptengine.domain.tenant.Tenant;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
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
final class JdbiApiKeyStoreTest extends ApiKeyStoreContract {

    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    @Parameter
    TestDatabases.Engine engine;

    @TempDir
    Path directory;

    private Database database;
    private final AtomicLong nanoTime = new AtomicLong();

    @Override
    protected ApiKeyStore newStore() {
        database = engine.open(directory);
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
        Jdbi jdbi = jdbi();
        JdbiApiKeyStore keys = new JdbiApiKeyStore(jdbi, engine.durability(), nanoTime::get);
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
    void givenCachedKey_revoke_isSeenAtOnceThoughTheCacheHasNotExpired() {
        JdbiApiKeyStore keys = new JdbiApiKeyStore(jdbi(), engine.durability(), nanoTime::get);
        ApiKey key = key("key_cached", "pe_live_cached-secret");
        keys.insert(key);
        assertThat(keys.findBySecretHash(key.secretHash())).contains(key);

        keys.revoke(TENANT.id(), key.id(), NOW.plusSeconds(1));

        assertThat(keys.findBySecretHash(key.secretHash())).map(ApiKey::revokedAt)
                .contains(Optional.of(NOW.plusSeconds(1)));
    }

    @Test
    void givenLookupThatReadTheRowJustBeforeARevocation_findBySecretHash_doesNotCacheTheStaleCopy() {
        Jdbi jdbi = jdbi();
        AfterStatement afterLookup = new AfterStatement(jdbi, "secret_hash = :hash");
        JdbiApiKeyStore keys = new JdbiApiKeyStore(jdbi, engine.durability(), nanoTime::get);
        ApiKey key = key("key_raced", "pe_live_raced-secret");
        keys.insert(key);
        afterLookup.then(() -> keys.revoke(TENANT.id(), key.id(), NOW.plusSeconds(1)));

        assertThat(keys.findBySecretHash(key.secretHash())).contains(key);

        assertThat(keys.findBySecretHash(key.secretHash())).map(ApiKey::revokedAt)
                .contains(Optional.of(NOW.plusSeconds(1)));
    }

    @Test
    void givenIssuedKeys_apiKeysTable_holdsNoUsableSecret() {
        List<String> secrets = List.of(ApiKeySecret.generate(new SecureRandom()).reveal(),
                ApiKeySecret.generate(new SecureRandom()).reveal());
        for (int i = 0; i < secrets.size(); i++) {
            database.apiKeys().insert(ApiKey.issue(new ApiKeyId("key_" + i), TENANT.id(), "ci",
                    ApiKeySecret.of(secrets.get(i)), EnumSet.allOf(Scope.class), NOW, Optional.empty()));
        }

        List<String> cells = jdbi().withHandle(handle -> handle.createQuery("SELECT * FROM api_keys")
                .map((row, context) -> {
                    List<String> values = new ArrayList<>();
                    for (int column = 1; column <= row.getMetaData().getColumnCount(); column++) {
                        values.add(String.valueOf(row.getObject(column)));
                    }
                    return values;
                })
                .list().stream().flatMap(List::stream).toList());

        for (String secret : secrets) {
            String afterPrefix = secret.substring(ApiKeySecret.of(secret).prefix().length());
            assertThat(cells).noneMatch(cell -> cell.contains(secret) || cell.contains(afterPrefix));
        }
        assertThat(cells).contains(ApiKeySecret.hash(secrets.get(0)));
    }

    private Jdbi jdbi() {
        return engine.jdbi(directory);
    }

    private static ApiKey key(String id, String secret) {
        return ApiKey.issue(new ApiKeyId(id), TENANT.id(), id, ApiKeySecret.of(secret), EnumSet.of(Scope.READ),
                NOW, Optional.empty());
    }
}
