package io.promptengine.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.application.fakes.FakeClock;
import io.promptengine.application.fakes.InMemoryApiKeyStore;
import io.promptengine.application.fakes.InMemoryTenantStore;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.out.ApiKeyStore;
import io.promptengine.domain.audit.AuditEvent;
import io.promptengine.domain.error.AuthenticationException;
import io.promptengine.domain.error.PermissionDeniedException;
import io.promptengine.domain.error.UnavailableException;
import io.promptengine.domain.tenant.ApiKey;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.ApiKeySecret;
import io.promptengine.domain.tenant.Scope;
import io.promptengine.domain.tenant.Tenant;
import io.promptengine.domain.tenant.TenantId;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AuthenticationServiceTest {

    private static final TenantId ACME = new TenantId("ten_acme");
    private static final String INVALID = "Invalid API key";

    private final FakeClock clock = new FakeClock();
    private final InMemoryApiKeyStore keys = new InMemoryApiKeyStore();
    private final InMemoryTenantStore tenants = new InMemoryTenantStore();
    private final AuthenticationService authentication = new AuthenticationService(keys, tenants, clock);
    private final SecureRandom random = new SecureRandom();

    @Test
    void givenValidKey_authenticate_returnsItsTenantKeyScopesAndPlan() {
        tenants.insert(tenant(true));
        ApiKeySecret secret = issue(Optional.empty(), Set.of(Scope.EXECUTE, Scope.READ));

        Caller caller = authentication.authenticate(secret.reveal());

        assertThat(caller).isEqualTo(new Caller(ACME, new ApiKeyId("key_1"), Set.of(Scope.EXECUTE, Scope.READ), "pro",
                OptionalInt.empty()));
    }

    @Test
    void givenKeyWithSurroundingWhitespace_authenticate_acceptsIt() {
        tenants.insert(tenant(true));
        ApiKeySecret secret = issue(Optional.empty(), Set.of(Scope.READ));

        assertThat(authentication.authenticate("  " + secret.reveal() + "\t").tenantId()).isEqualTo(ACME);
    }

    @Test
    void givenUnknownKey_authenticate_isInvalid() {
        tenants.insert(tenant(true));
        issue(Optional.empty(), Set.of(Scope.READ));

        assertInvalid(ApiKeySecret.generate(random).reveal());
    }

    @Test
    void givenRevokedKey_authenticate_isInvalidWithTheSameMessage() {
        tenants.insert(tenant(true));
        ApiKeySecret secret = ApiKeySecret.generate(random);
        keys.insert(ApiKey.issue(new ApiKeyId("key_1"), ACME, "old", secret, Set.of(Scope.READ), clock.now(),
                Optional.empty()).revoke(clock.now()));

        assertInvalid(secret.reveal());
    }

    @Test
    void givenExpiredKey_authenticate_isInvalidWithTheSameMessage() {
        tenants.insert(tenant(true));
        Instant expiry = clock.now().plus(Duration.ofDays(1));
        ApiKeySecret secret = issue(Optional.of(expiry), Set.of(Scope.READ));
        assertThat(authentication.authenticate(secret.reveal()).tenantId()).isEqualTo(ACME);

        clock.set(expiry);

        assertInvalid(secret.reveal());
    }

    @Test
    void givenKeyOfMissingTenant_authenticate_isInvalid() {
        ApiKeySecret secret = issue(Optional.empty(), Set.of(Scope.READ));

        assertInvalid(secret.reveal());
    }

    @Test
    void givenOverlongKey_authenticate_isInvalid() {
        assertInvalid("pe_live_" + "x".repeat(600));
    }

    @Test
    void givenDeactivatedTenant_authenticate_isForbiddenNamingIt() {
        tenants.insert(tenant(false));
        ApiKeySecret secret = issue(Optional.empty(), Set.of(Scope.READ));

        assertThatThrownBy(() -> authentication.authenticate(secret.reveal()))
                .isInstanceOf(PermissionDeniedException.class).hasMessage("Tenant 'acme' is deactivated");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t"})
    void givenNoKey_authenticate_namesTheThreeWaysToSendOne(String presented) {
        assertThatThrownBy(() -> authentication.authenticate(presented))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("Authorization: Bearer <key>")
                .hasMessageContaining("x-api-key: <key>")
                .hasMessageContaining("api-key: <key>");
    }

    @Test
    void givenFirstUse_authenticate_recordsItsTime() {
        tenants.insert(tenant(true));
        ApiKeySecret secret = issue(Optional.empty(), Set.of(Scope.READ));

        authentication.authenticate(secret.reveal());

        assertThat(keys.all().get(0).lastUsedAt()).contains(clock.now());
    }

    @Test
    void givenManyRequestsInAMinute_authenticate_recordsTheUseOnceThenAgainAfterTheMinute() {
        tenants.insert(tenant(true));
        ApiKeySecret secret = issue(Optional.empty(), Set.of(Scope.READ));
        Instant first = clock.now();

        for (int i = 0; i < 10; i++) {
            authentication.authenticate(secret.reveal());
            clock.advance(Duration.ofSeconds(5));
        }
        assertThat(keys.recordedUses()).isEqualTo(1);
        assertThat(keys.all().get(0).lastUsedAt()).contains(first);

        clock.set(first.plus(ApiKey.LAST_USED_PRECISION));
        authentication.authenticate(secret.reveal());

        assertThat(keys.recordedUses()).isEqualTo(2);
        assertThat(keys.all().get(0).lastUsedAt()).contains(clock.now());
    }

    @Test
    void givenStaleCopyOfTheKey_authenticate_stillRecordsTheUseOncePerMinute() {
        tenants.insert(tenant(true));
        ApiKeySecret secret = issue(Optional.empty(), Set.of(Scope.READ));
        // a caching store hands out the key as it was before its use was recorded
        InMemoryApiKeyStore stale = new InMemoryApiKeyStore();
        stale.insert(keys.all().get(0));
        AuthenticationService cached = new AuthenticationService(new SplitStore(stale, keys), tenants, clock);

        cached.authenticate(secret.reveal());
        clock.advance(Duration.ofSeconds(1));
        cached.authenticate(secret.reveal());

        assertThat(keys.recordedUses()).isEqualTo(1);
    }

    @Test
    void givenStoreUnavailableForTheUse_authenticate_stillSucceedsAndRetriesNextTime() {
        tenants.insert(tenant(true));
        ApiKeySecret secret = issue(Optional.empty(), Set.of(Scope.READ));
        SplitStore failing = new SplitStore(keys, keys);
        failing.failing = true;
        AuthenticationService service = new AuthenticationService(failing, tenants, clock);

        assertThat(service.authenticate(secret.reveal()).tenantId()).isEqualTo(ACME);
        failing.failing = false;
        service.authenticate(secret.reveal());

        assertThat(keys.all().get(0).lastUsedAt()).contains(clock.now());
    }

    /** Looks keys up in one store and records their use in another, or fails to while {@link #failing}. */
    private static final class SplitStore implements ApiKeyStore {
        private final InMemoryApiKeyStore lookups;
        private final InMemoryApiKeyStore uses;
        volatile boolean failing;

        SplitStore(InMemoryApiKeyStore lookups, InMemoryApiKeyStore uses) {
            this.lookups = lookups;
            this.uses = uses;
        }

        @Override
        public void insert(ApiKey key, Optional<AuditEvent> audit) {
            lookups.insert(key, audit);
        }

        @Override
        public Optional<ApiKey> findBySecretHash(String secretHash) {
            return lookups.findBySecretHash(secretHash);
        }

        @Override
        public Optional<ApiKey> find(TenantId tenantId, ApiKeyId id) {
            return lookups.find(tenantId, id);
        }

        @Override
        public List<ApiKey> list(TenantId tenantId) {
            return lookups.list(tenantId);
        }

        @Override
        public Optional<ApiKey> revoke(TenantId tenantId, ApiKeyId id, Instant at, Optional<AuditEvent> audit) {
            return lookups.revoke(tenantId, id, at, audit);
        }

        @Override
        public void recordUse(ApiKeyId id, Instant at) {
            if (failing) {
                throw new UnavailableException("The database is unavailable");
            }
            uses.recordUse(id, at);
        }
    }

    private ApiKeySecret issue(Optional<Instant> expiresAt, Set<Scope> scopes) {
        ApiKeySecret secret = ApiKeySecret.generate(random);
        keys.insert(ApiKey.issue(new ApiKeyId("key_1"), ACME, "ci", secret, scopes, clock.now(), expiresAt));
        return secret;
    }

    private Tenant tenant(boolean active) {
        return new Tenant(ACME, "acme", "Acme", "pro", active, clock.now());
    }

    private void assertInvalid(String presented) {
        assertThatThrownBy(() -> authentication.authenticate(presented))
                .isInstanceOf(AuthenticationException.class).hasMessage(INVALID);
    }
}
