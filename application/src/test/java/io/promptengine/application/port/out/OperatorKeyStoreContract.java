package io.promptengine.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.domain.tenant.ApiKeySecret;
import io.promptengine.domain.tenant.OperatorKey;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link OperatorKeyStore} does. Instants are whole microseconds, the finest a store must keep. */
public abstract class OperatorKeyStoreContract {

    private static final Instant CREATED = Instant.parse("2025-03-01T10:15:30.000001Z");
    private static final OperatorKey FIRST = OperatorKey.of(ApiKeySecret.of("pe_admin_first-operator-key"), CREATED);
    private static final OperatorKey SECOND = OperatorKey.of(ApiKeySecret.of("pe_admin_second-operator-key"),
            CREATED.plusSeconds(1));

    private OperatorKeyStore store;

    /** A new, empty store; called before each test. */
    protected abstract OperatorKeyStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    @Test
    void givenEmptyStore_find_isEmpty() {
        assertThat(store.find()).isEmpty();
    }

    @Test
    void givenEmptyStore_storeIfAbsent_storesAndReturnsTheKey() {
        assertThat(store.storeIfAbsent(FIRST)).isEqualTo(FIRST);

        assertThat(store.find()).contains(FIRST);
    }

    @Test
    void givenStoredKey_storeIfAbsent_keepsAndReturnsTheFirstOne() {
        store.storeIfAbsent(FIRST);

        assertThat(store.storeIfAbsent(SECOND)).isEqualTo(FIRST);
        assertThat(store.find()).contains(FIRST);
    }
}
