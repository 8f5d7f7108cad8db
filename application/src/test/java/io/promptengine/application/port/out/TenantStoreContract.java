package io.promptengine.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.domain.error.ConflictException;
import io.promptengine.domain.tenant.Tenant;
import io.promptengine.domain.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link TenantStore} does. Instants are whole microseconds, the finest a store must keep. */
public abstract class TenantStoreContract {

    private static final Instant CREATED = Instant.parse("2025-03-01T10:15:30.654321Z");

    private TenantStore store;

    /** A new, empty store; called before each test. */
    protected abstract TenantStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    @Test
    void givenInsertedTenant_find_returnsEveryField() {
        Tenant acme = new Tenant(new TenantId("ten_acme"), "acme", "Acme Corp", "pro", false, CREATED);
        store.insert(acme);

        assertThat(store.find(acme.id())).contains(acme);
    }

    @Test
    void givenInsertedTenant_findBySlug_returnsIt() {
        Tenant acme = new Tenant(new TenantId("ten_acme"), "acme", "Acme Corp", "free", true, CREATED);
        store.insert(acme);
        store.insert(new Tenant(new TenantId("ten_globex"), "globex", "Globex", "free", true, CREATED));

        assertThat(store.findBySlug("acme")).contains(acme);
    }

    @Test
    void givenNoSuchTenant_find_isEmpty() {
        store.insert(new Tenant(new TenantId("ten_acme"), "acme", "Acme Corp", "free", true, CREATED));

        assertThat(store.find(new TenantId("ten_missing"))).isEmpty();
        assertThat(store.findBySlug("missing")).isEmpty();
    }

    @Test
    void givenTakenSlug_insert_isConflictAndKeepsTheFirstTenant() {
        Tenant first = new Tenant(new TenantId("ten_first"), "acme", "Acme Corp", "free", true, CREATED);
        store.insert(first);
        Tenant second = new Tenant(new TenantId("ten_second"), "acme", "Another Acme", "pro", true, CREATED);

        assertThatThrownBy(() -> store.insert(second))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("acme");
        assertThat(store.findBySlug("acme")).contains(first);
        assertThat(store.find(second.id())).isEmpty();
    }

    @Test
    void givenStoredTenant_update_changesPlanAndActiveOnly() {
        Tenant acme = new Tenant(new TenantId("ten_acme"), "acme", "Acme Corp", "free", true, CREATED);
        store.insert(acme);
        Tenant changed = new Tenant(acme.id(), "other-slug", "Other name", "enterprise", false,
                CREATED.plusSeconds(60));

        store.update(changed);

        assertThat(store.find(acme.id())).contains(acme.withPlan("enterprise").deactivated());
        assertThat(store.findBySlug("acme")).contains(acme.withPlan("enterprise").deactivated());
    }

    @Test
    void givenDeactivatedTenant_update_reactivatesIt() {
        Tenant acme = new Tenant(new TenantId("ten_acme"), "acme", "Acme Corp", "free", false, CREATED);
        store.insert(acme);

        store.update(acme.activated());

        assertThat(store.find(acme.id())).contains(acme.activated());
    }

    @Test
    void givenUnknownTenant_update_storesNothing() {
        Tenant ghost = new Tenant(new TenantId("ten_ghost"), "ghost", "Ghost", "free", true, CREATED);

        store.update(ghost);

        assertThat(store.find(ghost.id())).isEmpty();
        assertThat(store.list(Optional.empty(), 10)).isEmpty();
    }

    @Test
    void givenTenants_list_isInSlugOrderUpToTheLimit() {
        for (String slug : List.of("globex", "acme", "initech", "hooli")) {
            store.insert(new Tenant(new TenantId("ten_" + slug), slug, slug, "free", true, CREATED));
        }

        assertThat(store.list(Optional.empty(), 3)).extracting(Tenant::slug)
                .containsExactly("acme", "globex", "hooli");
        assertThat(store.list(Optional.empty(), 10)).extracting(Tenant::slug)
                .containsExactly("acme", "globex", "hooli", "initech");
    }

    @Test
    void givenAfterSlug_list_startsStrictlyAfterIt() {
        for (String slug : List.of("globex", "acme", "initech", "hooli")) {
            store.insert(new Tenant(new TenantId("ten_" + slug), slug, slug, "free", true, CREATED));
        }

        assertThat(store.list(Optional.of("globex"), 10)).extracting(Tenant::slug)
                .containsExactly("hooli", "initech");
        assertThat(store.list(Optional.of("gone"), 1)).extracting(Tenant::slug).containsExactly("hooli");
        assertThat(store.list(Optional.of("initech"), 10)).isEmpty();
    }

    @Test
    void givenTenants_list_returnsEveryField() {
        Tenant acme = new Tenant(new TenantId("ten_acme"), "acme", "Acme Corp", "pro", false, CREATED);
        store.insert(acme);

        assertThat(store.list(Optional.empty(), 1)).containsExactly(acme);
    }
}
