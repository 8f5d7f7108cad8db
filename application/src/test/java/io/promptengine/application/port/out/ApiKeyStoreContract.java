package io.promptengine.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.domain.tenant.ApiKey;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.ApiKeySecret;
import io.promptengine.domain.tenant.Scope;
import io.promptengine.domain.tenant.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ApiKeyStore} must do. Each adapter's test extends this and supplies an empty store that
 * already holds the tenant {@link #TENANT}, for stores that enforce it as a foreign key.
 */
public abstract class ApiKeyStoreContract {

    protected static final TenantId TENANT = new TenantId("ten_acme");
    private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

    private ApiKeyStore store;

    /** A store with no keys in it, and the tenant {@link #TENANT} wherever keys need one. */
    protected abstract ApiKeyStore emptyStore();

    @BeforeEach
    void setUpStore() {
        store = emptyStore();
    }

    @Test
    void givenInsertedKey_findBySecretHash_returnsIt() {
        ApiKeySecret secret = ApiKeySecret.of("pe_live_contract-secret-1");
        ApiKey key = ApiKey.issue(new ApiKeyId("key_1"), TENANT, "ci", secret, Set.of(Scope.EXECUTE, Scope.READ),
                T0, Optional.of(T0.plus(Duration.ofDays(30))));

        store.insert(key);

        assertThat(store.findBySecretHash(secret.hash())).contains(key);
    }

    @Test
    void givenRevokedKey_findBySecretHash_stillReturnsItWithItsRevocation() {
        ApiKeySecret secret = ApiKeySecret.of("pe_live_contract-secret-2");
        ApiKey revoked = ApiKey.issue(new ApiKeyId("key_2"), TENANT, "old", secret, EnumSet.allOf(Scope.class), T0,
                Optional.empty()).revoke(T0.plusSeconds(60));

        store.insert(revoked);

        assertThat(store.findBySecretHash(secret.hash())).contains(revoked);
    }

    @Test
    void givenOtherSecret_findBySecretHash_isEmpty() {
        store.insert(ApiKey.issue(new ApiKeyId("key_1"), TENANT, "ci", ApiKeySecret.of("pe_live_one"),
                Set.of(Scope.READ), T0, Optional.empty()));

        assertThat(store.findBySecretHash(ApiKeySecret.hash("pe_live_two"))).isEmpty();
    }
}
