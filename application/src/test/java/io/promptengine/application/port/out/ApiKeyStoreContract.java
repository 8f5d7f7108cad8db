package io.promptengine.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.domain.error.ConflictException;
import io.promptengine.domain.tenant.ApiKey;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.ApiKeySecret;
import io.promptengine.domain.tenant.Scope;
import io.promptengine.domain.tenant.Tenant;
import io.promptengine.domain.tenant.TenantId;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ApiKeyStore} does. Instants are whole microseconds, the finest a store must keep. */
public abstract class ApiKeyStoreContract {

    protected static final Tenant TENANT = new Tenant(new TenantId("ten_keys"), "keys", "Keys Inc", "free", true,
            Instant.parse("2025-01-01T00:00:00Z"));
    protected static final Tenant OTHER = new Tenant(new TenantId("ten_other"), "other", "Other Inc", "free", true,
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
                Optional.of(CREATED.plusSeconds(30)), OptionalInt.of(45));
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

    @Test
    void givenKeyWithItsOwnLimit_findBySecretHash_keepsTheLimit() {
        ApiKey limited = ApiKey.issue(new ApiKeyId("key_limited"), TENANT.id(), "limited",
                ApiKeySecret.of("pe_live_limited-secret"), EnumSet.of(Scope.EXECUTE), CREATED, Optional.empty(),
                OptionalInt.of(30));
        store.insert(limited);

        assertThat(store.findBySecretHash(limited.secretHash())).contains(limited);
        assertThat(store.find(TENANT.id(), limited.id()).orElseThrow().requestsPerMinute()).hasValue(30);
    }

    @Test
    void givenTakenSecretHash_insert_isConflict() {
        store.insert(key("key_one", "pe_live_same-secret"));

        assertThatThrownBy(() -> store.insert(key("key_two", "pe_live_same-secret")))
                .isInstanceOf(ConflictException.class);
        assertThat(store.find(TENANT.id(), new ApiKeyId("key_two"))).isEmpty();
    }

    @Test
    void givenKeyOfTheTenant_find_returnsIt() {
        ApiKey key = key("key_mine", "pe_live_mine-secret");
        store.insert(key);

        assertThat(store.find(TENANT.id(), key.id())).contains(key);
    }

    @Test
    void givenKeyOfAnotherTenant_find_isEmptyLikeAMissingKey() {
        givenTenant(OTHER);
        ApiKey theirs = theirs();
        store.insert(theirs);

        assertThat(store.find(TENANT.id(), theirs.id())).isEmpty();
        assertThat(store.find(TENANT.id(), new ApiKeyId("key_missing"))).isEmpty();
    }

    @Test
    void givenKeysOfTwoTenants_list_returnsOnlyTheTenantsNewestFirst() {
        givenTenant(OTHER);
        ApiKey older = key("key_older", "pe_live_older-secret");
        ApiKey newer = ApiKey.issue(new ApiKeyId("key_newer"), TENANT.id(), "newer",
                ApiKeySecret.of("pe_live_newer-secret"), EnumSet.of(Scope.READ), CREATED.plusSeconds(1),
                Optional.empty()).revoke(CREATED.plusSeconds(2));
        store.insert(older);
        store.insert(newer);
        store.insert(theirs());

        assertThat(store.list(TENANT.id())).containsExactly(newer, older);
        assertThat(store.list(new TenantId("ten_nobody"))).isEmpty();
    }

    @Test
    void givenUsableKey_revoke_returnsItRevokedAndFindBySecretHashSeesItAtOnce() {
        ApiKey key = key("key_revoke", "pe_live_revoke-secret");
        store.insert(key);
        assertThat(store.findBySecretHash(key.secretHash())).contains(key);

        Optional<ApiKey> revoked = store.revoke(TENANT.id(), key.id(), CREATED.plusSeconds(5));

        assertThat(revoked).contains(key.revoke(CREATED.plusSeconds(5)));
        assertThat(store.findBySecretHash(key.secretHash())).contains(key.revoke(CREATED.plusSeconds(5)));
        assertThat(store.find(TENANT.id(), key.id())).contains(key.revoke(CREATED.plusSeconds(5)));
    }

    @Test
    void givenRevokedKey_revoke_keepsTheFirstRevocationTime() {
        ApiKey key = key("key_twice", "pe_live_twice-secret");
        store.insert(key);
        store.revoke(TENANT.id(), key.id(), CREATED.plusSeconds(5));

        assertThat(store.revoke(TENANT.id(), key.id(), CREATED.plusSeconds(50)).orElseThrow().revokedAt())
                .contains(CREATED.plusSeconds(5));
    }

    @Test
    void givenKeyOfAnotherTenant_revoke_isEmptyAndLeavesItUsable() {
        givenTenant(OTHER);
        ApiKey theirs = theirs();
        store.insert(theirs);

        assertThat(store.revoke(TENANT.id(), theirs.id(), CREATED.plusSeconds(5))).isEmpty();
        assertThat(store.findBySecretHash(theirs.secretHash())).contains(theirs);
    }

    @Test
    void givenUse_recordUse_setsLastUsedAtButNeverMovesItBack() {
        ApiKey key = key("key_used", "pe_live_used-secret");
        store.insert(key);

        store.recordUse(key.id(), CREATED.plusSeconds(60));
        store.recordUse(key.id(), CREATED.plusSeconds(30));

        assertThat(store.find(TENANT.id(), key.id()).orElseThrow().lastUsedAt()).contains(CREATED.plusSeconds(60));
        assertThat(store.list(TENANT.id()).get(0).lastUsedAt()).contains(CREATED.plusSeconds(60));
    }

    @Test
    void givenUnknownId_recordUse_changesNothing() {
        ApiKey key = key("key_known", "pe_live_known-secret");
        store.insert(key);

        store.recordUse(new ApiKeyId("key_missing"), CREATED.plusSeconds(60));

        assertThat(store.find(TENANT.id(), key.id())).contains(key);
    }

    /** A key of {@link #OTHER}. */
    private static ApiKey theirs() {
        return ApiKey.issue(new ApiKeyId("key_theirs"), OTHER.id(), "theirs", ApiKeySecret.of("pe_live_theirs-secret"),
                EnumSet.of(Scope.READ), CREATED, Optional.empty());
    }

    private static ApiKey key(String id, String secret) {
        return ApiKey.issue(new ApiKeyId(id), TENANT.id(), id, ApiKeySecret.of(secret), EnumSet.of(Scope.EXECUTE),
                CREATED, Optional.empty());
    }
}
