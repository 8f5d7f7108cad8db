package io.promptengine.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.domain.tenant.ApiKey;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.ApiKeySecret;
import io.promptengine.domain.tenant.Scope;
import io.promptengine.domain.tenant.Tenant;
import io.promptengine.domain.tenant.TenantId;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ApiKeyStore} does. Instants are whole microseconds, the finest a store must keep. */
public abstract class ApiKeyStoreContract {

    protected static final Tenant TENANT = new Tenant(new TenantId("ten_keys"), "keys", "Keys Inc", "free", true,
            Instant.parse("2025-01-01T00:00:00Z"));
    private static final Instant CREATED = Instant.parse("2025-03-01T10:15:30.000001Z");

    private ApiKeyStore store;

    /** A new, empty store; called before each test. */
    protected abstract ApiKeyStore newStore();

    /** Makes {@code tenant} known to the store from {@link #newStore}, for stores that check a key's owner. */
    protected abstract void givenTenant(Tenant tenant);

    @BeforeEach
    void createStore() {
        store = newStore();
        givenTenant(TENANT);
    }

    @Test
    void givenInsertedKey_findBySecretHash_returnsEveryField() {
        ApiKey key = new ApiKey(new ApiKeyId("key_full"), TENANT.id(), "ci pipeline", "pe_live_abcd",
                ApiKeySecret.hash("pe_live_abcdefgh"), EnumSet.of(Scope.EXECUTE, Scope.READ), CREATED,
                Optional.of(CREATED.plusSeconds(86_400)), Optional.of(CREATED.plusSeconds(60)),
                Optional.of(CREATED.plusSeconds(30)));
        store.insert(key);

        assertThat(store.findBySecretHash(key.secretHash())).contains(key);
    }

    @Test
    void givenFreshlyIssuedKey_findBySecretHash_keepsEmptyTimesAndEveryScope() {
        ApiKeySecret secret = ApiKeySecret.of("pe_live_issued-secret");
        ApiKey key = ApiKey.issue(new ApiKeyId("key_issued"), TENANT.id(), "demo", secret,
                EnumSet.allOf(Scope.class), CREATED, Optional.empty());
        store.insert(key);

        ApiKey found = store.findBySecretHash(secret.hash()).orElseThrow();

        assertThat(found).isEqualTo(key);
        assertThat(found.expiresAt()).isEmpty();
        assertThat(found.revokedAt()).isEmpty();
        assertThat(found.lastUsedAt()).isEmpty();
        assertThat(found.scopes()).containsExactlyInAnyOrder(Scope.EXECUTE, Scope.READ, Scope.MANAGE);
    }

    @Test
    void givenSeveralKeys_findBySecretHash_returnsTheOneWithThatHash() {
        ApiKey first = key("key_first", "pe_live_first-secret");
        ApiKey second = key("key_second", "pe_live_second-secret");
        store.insert(first);
        store.insert(second);

        assertThat(store.findBySecretHash(ApiKeySecret.hash("pe_live_second-secret"))).contains(second);
    }

    @Test
    void givenUnknownHash_findBySecretHash_isEmpty() {
        store.insert(key("key_known", "pe_live_known-secret"));

        assertThat(store.findBySecretHash(ApiKeySecret.hash("pe_live_unknown-secret"))).isEmpty();
    }

    @Test
    void givenRevokedKey_findBySecretHash_stillReturnsItForTheCallerToRefuse() {
        ApiKey revoked = key("key_revoked", "pe_live_revoked-secret").revoke(CREATED.plusSeconds(1));
        store.insert(revoked);

        assertThat(store.findBySecretHash(revoked.secretHash())).contains(revoked);
    }

    private static ApiKey key(String id, String secret) {
        return ApiKey.issue(new ApiKeyId(id), TENANT.id(), id, ApiKeySecret.of(secret), EnumSet.of(Scope.EXECUTE),
                CREATED, Optional.empty());
    }
}
