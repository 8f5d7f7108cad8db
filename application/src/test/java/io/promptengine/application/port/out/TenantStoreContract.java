package io.promptengine.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.domain.error.ConflictException;
import io.promptengine.domain.tenant.Tenant;
import io.promptengine.domain.tenant.TenantId;
import java.time.Instant;
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
}
