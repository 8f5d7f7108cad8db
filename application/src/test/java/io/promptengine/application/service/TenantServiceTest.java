package io.promptengine.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.application.fakes.FakeClock;
import io.promptengine.application.fakes.InMemoryApiKeyStore;
import io.promptengine.application.fakes.InMemoryPlanStore;
import io.promptengine.application.fakes.InMemoryTenantStore;
import io.promptengine.application.fakes.SequentialIdGenerator;
import io.promptengine.application.port.in.CreateTenantCommand;
import io.promptengine.application.port.in.IssuedApiKey;
import io.promptengine.application.port.in.ListTenantsQuery;
import io.promptengine.application.port.in.NewApiKey;
import io.promptengine.application.port.in.Operator;
import io.promptengine.application.port.in.TenantList;
import io.promptengine.application.port.in.UpdateTenantCommand;
import io.promptengine.domain.error.ConflictException;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.error.NotFoundException;
import io.promptengine.domain.error.PermissionDeniedException;
import io.promptengine.domain.ratelimit.Plan;
import io.promptengine.domain.ratelimit.RateLimitPolicy;
import io.promptengine.domain.tenant.Scope;
import io.promptengine.domain.tenant.Tenant;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TenantServiceTest {

    private final FakeClock clock = new FakeClock();
    private final InMemoryTenantStore store = new InMemoryTenantStore();
    private final InMemoryPlanStore plans = new InMemoryPlanStore();
    private final InMemoryApiKeyStore keys = new InMemoryApiKeyStore();
    private final SequentialIdGenerator ids = new SequentialIdGenerator();
    private final TenantService tenants = new TenantService(store, plans,
            new KeyIssuer(keys, ids, clock, new SecureRandom()), ids, clock, new AuditTrail(ids, clock));
    private final AuthenticationService authentication = new AuthenticationService(keys, store, clock);

    @Test
    void givenBuiltInPlan_create_storesAnActiveTenant() {
        Tenant acme = tenants.create(Operator.NO_REQUEST, new CreateTenantCommand("acme", "Acme Corp", "pro"));

        assertThat(acme).isEqualTo(new Tenant(acme.id(), "acme", "Acme Corp", "pro", true, clock.now()));
        assertThat(acme.id().value()).startsWith("ten_");
        assertThat(store.find(acme.id())).contains(acme);
    }

    @Test
    void givenCustomPlan_create_acceptsIt() {
        plans.insert(Plan.custom("team", RateLimitPolicy.requestsPerMinute(300)));

        assertThat(tenants.create(Operator.NO_REQUEST,
                new CreateTenantCommand("acme", "Acme", "team")).plan()).isEqualTo("team");
    }

    @Test
    void givenUnknownPlan_create_isRefusedNamingThePlanAndStoresNothing() {
        assertThatThrownBy(() -> tenants.create(Operator.NO_REQUEST, new CreateTenantCommand("acme", "Acme", "gold")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).contains("plan"))
                .hasMessage("Unknown plan 'gold'");
        assertThat(store.all()).isEmpty();
    }

    @Test
    void givenTakenSlug_create_isConflict() {
        tenants.create(Operator.NO_REQUEST, new CreateTenantCommand("acme", "Acme", "free"));

        assertThatThrownBy(() -> tenants.create(Operator.NO_REQUEST,
                new CreateTenantCommand("acme", "Other Acme", "pro")))
                .isInstanceOf(ConflictException.class).hasMessageContaining("acme");
    }

    @Test
    void givenBadSlug_command_isRefusedOnSlug() {
        assertThatThrownBy(() -> new CreateTenantCommand("Acme Corp", "Acme", "free"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).contains("slug"));
    }

    @Test
    void givenTenant_get_findsItByIdAndBySlug() {
        Tenant acme = tenants.create(Operator.NO_REQUEST, new CreateTenantCommand("acme", "Acme", "free"));

        assertThat(tenants.get(acme.id().value())).isEqualTo(acme);
        assertThat(tenants.get("acme")).isEqualTo(acme);
    }

    @ParameterizedTest
    @ValueSource(strings = {"globex", "ten_000099", " ", "Acme"})
    void givenNoSuchTenant_get_isNotFound(String reference) {
        tenants.create(Operator.NO_REQUEST, new CreateTenantCommand("acme", "Acme", "free"));

        assertThatThrownBy(() -> tenants.get(reference))
                .isInstanceOf(NotFoundException.class).hasMessage("Tenant '" + reference + "' not found");
    }

    @Test
    void givenOverlongReference_get_isNotFound() {
        assertThatThrownBy(() -> tenants.get("ten_" + "x".repeat(100))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void givenFiveTenants_listInPagesOfTwo_walksThemAllInSlugOrder() {
        for (String slug : List.of("echo", "alpha", "delta", "charlie", "bravo")) {
            tenants.create(Operator.NO_REQUEST, new CreateTenantCommand(slug, slug, "free"));
        }
        List<String> seen = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        int pages = 0;
        do {
            TenantList page = tenants.list(new ListTenantsQuery(cursor, 2));
            page.items().forEach(tenant -> seen.add(tenant.slug()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor.isPresent());

        assertThat(seen).containsExactly("alpha", "bravo", "charlie", "delta", "echo");
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void givenExactlyOnePageOfTenants_list_hasNoNextCursor() {
        tenants.create(Operator.NO_REQUEST, new CreateTenantCommand("acme", "Acme", "free"));
        tenants.create(Operator.NO_REQUEST, new CreateTenantCommand("globex", "Globex", "free"));

        assertThat(tenants.list(new ListTenantsQuery(Optional.empty(), 2)).nextCursor()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"not base64!", "QUNNRQ"})
    void givenCursorNotFromThisApi_list_isRefusedOnCursor(String cursor) {
        assertThatThrownBy(() -> tenants.list(new ListTenantsQuery(Optional.of(cursor), 10)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).contains("cursor"));
    }

    @Test
    void givenTenant_updatePlan_storesTheNewPlan() {
        tenants.create(Operator.NO_REQUEST, new CreateTenantCommand("acme", "Acme", "free"));

        Tenant updated = tenants.update(Operator.NO_REQUEST,
                new UpdateTenantCommand("acme", Optional.of("enterprise"), Optional.empty()));

        assertThat(updated.plan()).isEqualTo("enterprise");
        assertThat(updated.active()).isTrue();
        assertThat(store.findBySlug("acme")).contains(updated);
    }

    @Test
    void givenUnknownPlan_update_isRefusedAndChangesNothing() {
        Tenant acme = tenants.create(Operator.NO_REQUEST, new CreateTenantCommand("acme", "Acme", "free"));

        assertThatThrownBy(() -> tenants.update(Operator.NO_REQUEST,
                new UpdateTenantCommand("acme", Optional.of("gold"),
                Optional.of(false)))).isInstanceOf(InvalidInputException.class).hasMessage("Unknown plan 'gold'");
        assertThat(store.find(acme.id())).contains(acme);
    }

    @Test
    void givenDeactivatedTenant_itsKeys_areRefusedUntilReactivated() {
        tenants.create(Operator.NO_REQUEST, new CreateTenantCommand("acme", "Acme", "free"));
        IssuedApiKey key = tenants.issueApiKey(Operator.NO_REQUEST,
                "acme", new NewApiKey("ci", Set.of(Scope.EXECUTE), Optional.empty(),
                OptionalInt.empty()));

        tenants.update(Operator.NO_REQUEST, new UpdateTenantCommand("acme", Optional.empty(), Optional.of(false)));
        assertThatThrownBy(() -> authentication.authenticate(key.secret().reveal()))
                .isInstanceOf(PermissionDeniedException.class);

        tenants.update(Operator.NO_REQUEST, new UpdateTenantCommand("acme", Optional.empty(), Optional.of(true)));
        assertThat(authentication.authenticate(key.secret().reveal()).tenantId()).isEqualTo(key.key().tenantId());
    }

    @Test
    void givenNothingToChange_updateCommand_isRefused() {
        assertThatThrownBy(() -> new UpdateTenantCommand("acme", Optional.empty(), Optional.empty()))
                .isInstanceOf(InvalidInputException.class).hasMessage("Set 'plan', 'active' or both");
    }

    @Test
    void givenUnknownTenant_update_isNotFound() {
        assertThatThrownBy(() -> tenants.update(Operator.NO_REQUEST, new UpdateTenantCommand("acme", Optional.empty(),
                Optional.of(false)))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void givenTenant_issueApiKey_returnsASecretThatAuthenticatesAsThatTenantWithTheScopes() {
        Tenant acme = tenants.create(Operator.NO_REQUEST, new CreateTenantCommand("acme", "Acme", "free"));
        clock.advance(Duration.ofSeconds(1));

        IssuedApiKey issued = tenants.issueApiKey(Operator.NO_REQUEST, acme.id().value(), new NewApiKey("first",
                Set.of(Scope.EXECUTE, Scope.MANAGE), Optional.of(clock.now().plus(Duration.ofDays(30))),
                OptionalInt.of(10)));

        assertThat(issued.secret().reveal()).matches("pe_live_[A-Za-z0-9_-]{43}");
        assertThat(issued.key().tenantId()).isEqualTo(acme.id());
        assertThat(issued.key().createdAt()).isEqualTo(clock.now());
        assertThat(issued.key().expiresAt()).contains(clock.now().plus(Duration.ofDays(30)));
        assertThat(issued.key().requestsPerMinute()).hasValue(10);
        assertThat(keys.all()).containsExactly(issued.key());
        assertThat(authentication.authenticate(issued.secret().reveal()).scopes())
                .containsExactlyInAnyOrder(Scope.EXECUTE, Scope.MANAGE);
        assertThat(issued.toString()).doesNotContain(issued.secret().reveal());
    }

    @Test
    void givenUnknownTenant_issueApiKey_isNotFoundAndStoresNoKey() {
        assertThatThrownBy(() -> tenants.issueApiKey(Operator.NO_REQUEST,
                "ghost", new NewApiKey("ci", Set.of(Scope.READ),
                Optional.empty(), OptionalInt.empty()))).isInstanceOf(NotFoundException.class);
        assertThat(keys.all()).isEmpty();
    }
}
