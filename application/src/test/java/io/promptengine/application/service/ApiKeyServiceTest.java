package io.promptengine.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.application.fakes.FakeClock;
import io.promptengine.application.fakes.InMemoryApiKeyStore;
import io.promptengine.application.fakes.InMemoryTenantStore;
import io.promptengine.application.fakes.SequentialIdGenerator;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.IssuedApiKey;
import io.promptengine.application.port.in.NewApiKey;
import io.promptengine.domain.error.AuthenticationException;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.error.NotFoundException;
import io.promptengine.domain.error.PermissionDeniedException;
import io.promptengine.domain.tenant.ApiKey;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.Scope;
import io.promptengine.domain.tenant.Tenant;
import io.promptengine.domain.tenant.TenantId;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeyServiceTest {

    private static final TenantId ACME = new TenantId("ten_acme");
    private static final TenantId GLOBEX = new TenantId("ten_globex");
    private static final Caller ACME_MANAGER = new Caller(ACME, new ApiKeyId("key_acme"), EnumSet.of(Scope.MANAGE),
            "free", OptionalInt.empty());
    private static final Caller GLOBEX_MANAGER = new Caller(GLOBEX, new ApiKeyId("key_globex"),
            EnumSet.of(Scope.MANAGE), "free", OptionalInt.empty());
    private static final NewApiKey CI = new NewApiKey("ci", Set.of(Scope.EXECUTE, Scope.READ), Optional.empty(),
            OptionalInt.empty());

    private final FakeClock clock = new FakeClock();
    private final InMemoryApiKeyStore store = new InMemoryApiKeyStore();
    private final InMemoryTenantStore tenants = new InMemoryTenantStore();
    private final ApiKeyService keys = new ApiKeyService(store,
            new KeyIssuer(store, new SequentialIdGenerator(), clock, new SecureRandom()),
            new AuditTrail(new SequentialIdGenerator(), clock), clock);
    private final AuthenticationService authentication = new AuthenticationService(store, tenants, clock);

    @BeforeEach
    void tenants() {
        tenants.insert(new Tenant(ACME, "acme", "Acme", "free", true, clock.now()));
        tenants.insert(new Tenant(GLOBEX, "globex", "Globex", "free", true, clock.now()));
    }

    @Test
    void givenManageScope_create_returnsTheSecretOnceAndStoresOnlyItsHash() {
        IssuedApiKey issued = keys.create(ACME_MANAGER, CI);

        assertThat(issued.key().tenantId()).isEqualTo(ACME);
        assertThat(issued.key().name()).isEqualTo("ci");
        assertThat(issued.key().scopes()).containsExactlyInAnyOrder(Scope.EXECUTE, Scope.READ);
        assertThat(issued.key().prefix()).isEqualTo(issued.secret().reveal().substring(0, 12));
        assertThat(store.all()).hasSize(1);
        assertThat(store.all().get(0).toString()).doesNotContain(issued.secret().reveal());
        assertThat(authentication.authenticate(issued.secret().reveal()).tenantId()).isEqualTo(ACME);
    }

    @Test
    void givenExpiryInThePast_create_isRefusedOnExpiresAt() {
        NewApiKey expired = new NewApiKey("old", Set.of(Scope.READ), Optional.of(clock.now().minusSeconds(1)),
                OptionalInt.empty());

        assertThatThrownBy(() -> keys.create(ACME_MANAGER, expired))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).contains("expires_at"));
        assertThat(store.all()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"EXECUTE", "READ"})
    void givenKeyWithoutManage_everyOperation_isForbiddenNamingManage(Scope scope) {
        Caller caller = new Caller(ACME, new ApiKeyId("key_acme"), EnumSet.of(scope), "free", OptionalInt.empty());
        IssuedApiKey existing = keys.create(ACME_MANAGER, CI);
        String id = existing.key().id().value();

        for (Runnable operation : new Runnable[] {() -> keys.create(caller, CI), () -> keys.list(caller),
                () -> keys.get(caller, id), () -> keys.revoke(caller, id)}) {
            assertThatThrownBy(operation::run).isInstanceOf(PermissionDeniedException.class)
                    .hasMessage("This API key lacks the 'manage' scope");
        }
        assertThat(store.all()).hasSize(1);
        assertThat(store.all().get(0).revokedAt()).isEmpty();
    }

    @Test
    void givenKeysOfTwoTenants_list_showsOnlyTheCallersNewestFirst() {
        IssuedApiKey first = keys.create(ACME_MANAGER, CI);
        clock.advance(Duration.ofSeconds(1));
        IssuedApiKey second = keys.create(ACME_MANAGER, CI);
        keys.create(GLOBEX_MANAGER, CI);

        assertThat(keys.list(ACME_MANAGER)).containsExactly(second.key(), first.key());
    }

    @Test
    void givenAnotherTenantsKey_getAndRevoke_areNotFoundLikeAMissingKey() {
        IssuedApiKey theirs = keys.create(GLOBEX_MANAGER, CI);
        String id = theirs.key().id().value();

        assertThatThrownBy(() -> keys.get(ACME_MANAGER, id))
                .isInstanceOf(NotFoundException.class).hasMessage("API key '" + id + "' not found");
        assertThatThrownBy(() -> keys.revoke(ACME_MANAGER, id))
                .isInstanceOf(NotFoundException.class).hasMessage("API key '" + id + "' not found");
        assertThatThrownBy(() -> keys.get(ACME_MANAGER, "key_missing"))
                .isInstanceOf(NotFoundException.class).hasMessage("API key 'key_missing' not found");
        assertThat(authentication.authenticate(theirs.secret().reveal()).tenantId()).isEqualTo(GLOBEX);
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "key_0123456789012345678901234567890123456789012345678901234567890"})
    void givenIdNoKeyCanHave_get_isNotFound(String id) {
        assertThatThrownBy(() -> keys.get(ACME_MANAGER, id)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void givenKey_revoke_refusesItsNextRequest() {
        IssuedApiKey issued = keys.create(ACME_MANAGER, CI);
        clock.advance(Duration.ofSeconds(5));

        ApiKey revoked = keys.revoke(ACME_MANAGER, issued.key().id().value());

        assertThat(revoked.revokedAt()).contains(clock.now());
        assertThat(keys.get(ACME_MANAGER, issued.key().id().value())).isEqualTo(revoked);
        assertThatThrownBy(() -> authentication.authenticate(issued.secret().reveal()))
                .isInstanceOf(AuthenticationException.class);
    }

    @Test
    void givenRevokedKey_revokeAgain_keepsTheFirstTime() {
        IssuedApiKey issued = keys.create(ACME_MANAGER, CI);
        ApiKey first = keys.revoke(ACME_MANAGER, issued.key().id().value());
        clock.advance(Duration.ofMinutes(1));

        assertThat(keys.revoke(ACME_MANAGER, issued.key().id().value())).isEqualTo(first);
    }
}
