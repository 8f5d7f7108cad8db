package io.promptengine.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.domain.error.ConflictException;
import io.promptengine.domain.tenant.Tenant;
import io.promptengine.domain.tenant.TenantId;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link TenantStore} must do. Each adapter's test extends this and supplies an empty store. */
public abstract class TenantStoreContract {

    private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

    private TenantStore store;

    /** A store with no tenants in it. */
    protected abstract TenantStore emptyStore();

    @BeforeEach
    void setUpStore() {
        store = emptyStore();
    }

    @Test
    void givenInsertedTenant_findAndFindBySlug_returnIt() {
        Tenant acme = new Tenant(new TenantId("ten_acme"), "acme", "Acme Corp", "pro", true, T0);

        store.insert(acme);

        assertThat(store.find(acme.id())).contains(acme);
        assertThat(store.findBySlug("acme")).contains(acme);
    }

    @Test
    void givenDeactivatedTenant_storedTenant_readsBackEqual() {
        Tenant dormant = new Tenant(new TenantId("ten_dormant"), "dormant", "Dormant Ltd", "free", false, T0);

        store.insert(dormant);

        assertThat(store.find(dormant.id())).contains(dormant);
    }

    @Test
    void givenUnknownIdOrSlug_find_isEmpty() {
        store.insert(new Tenant(new TenantId("ten_acme"), "acme", "Acme", "free", true, T0));

        assertThat(store.find(new TenantId("ten_other"))).isEmpty();
        assertThat(store.findBySlug("acm")).isEmpty();
        assertThat(store.findBySlug("ACME")).isEmpty();
    }

    @Test
    void givenTakenSlug_insert_isConflictAndKeepsTheFirstTenant() {
        Tenant first = new Tenant(new TenantId("ten_1"), "acme", "Acme", "free", true, T0);
        store.insert(first);

        assertThatThrownBy(() -> store.insert(new Tenant(new TenantId("ten_2"), "acme", "Other", "pro", true, T0)))
                .isInstanceOf(ConflictException.class);
        assertThat(store.findBySlug("acme")).contains(first);
        assertThat(store.find(new TenantId("ten_2"))).isEmpty();
    }
}
