package io.promptengine.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ConsoleSessionStore} does. Instants are whole microseconds, the finest a store must keep. */
public abstract class ConsoleSessionStoreContract {

    private static final Instant CREATED = Instant.parse("2025-03-01T10:15:30.000001Z");
    private static final ConsoleSession TENANTS = new ConsoleSession("a".repeat(64),
            Optional.of(new TenantId("ten_one")), Optional.of(new ApiKeyId("key_one")), Optional.empty(), "csrf-one", CREATED, CREATED,
            CREATED.plus(Duration.ofMinutes(30)), CREATED.plus(Duration.ofHours(12)));
    private static final ConsoleSession OPERATORS = new ConsoleSession("b".repeat(64), Optional.empty(),
            Optional.empty(), Optional.of("f".repeat(64)), "csrf-two", CREATED, CREATED, CREATED.plus(Duration.ofMinutes(5)),
            CREATED.plus(Duration.ofHours(12)));

    private ConsoleSessionStore store;

    /** A new, empty store; called before each test. */
    protected abstract ConsoleSessionStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    @Test
    void givenInsertedSessions_find_returnsEachAsStored() {
        store.insert(TENANTS);
        store.insert(OPERATORS);

        assertThat(store.find(TENANTS.tokenHash())).contains(TENANTS);
        assertThat(store.find(OPERATORS.tokenHash())).contains(OPERATORS);
        assertThat(store.find("c".repeat(64))).isEmpty();
    }

    @Test
    void touch_movesTheLastUseAndIdleExpiry() {
        store.insert(TENANTS);
        Instant later = CREATED.plus(Duration.ofMinutes(10));

        store.touch(TENANTS.tokenHash(), later, later.plus(Duration.ofMinutes(30)));
        store.touch("c".repeat(64), later, later);

        ConsoleSession touched = store.find(TENANTS.tokenHash()).orElseThrow();
        assertThat(touched.lastSeenAt()).isEqualTo(later);
        assertThat(touched.idleExpiresAt()).isEqualTo(later.plus(Duration.ofMinutes(30)));
        assertThat(touched.csrfToken()).isEqualTo(TENANTS.csrfToken());
        assertThat(touched.expiresAt()).isEqualTo(TENANTS.expiresAt());
    }

    @Test
    void delete_endsOnlyThatSession() {
        store.insert(TENANTS);
        store.insert(OPERATORS);

        store.delete(TENANTS.tokenHash());
        store.delete("c".repeat(64));

        assertThat(store.find(TENANTS.tokenHash())).isEmpty();
        assertThat(store.find(OPERATORS.tokenHash())).isPresent();
    }

    @Test
    void deleteExpired_deletesTheSessionsPastTheirIdleExpiry_andKeepsTheOthers() {
        store.insert(TENANTS);
        store.insert(OPERATORS);

        assertThat(store.deleteExpired(CREATED.plus(Duration.ofMinutes(1)))).isZero();
        assertThat(store.deleteExpired(CREATED.plus(Duration.ofMinutes(5)))).isEqualTo(1);

        assertThat(store.find(OPERATORS.tokenHash())).isEmpty();
        assertThat(store.find(TENANTS.tokenHash())).isPresent();
        assertThat(store.deleteExpired(CREATED.plus(Duration.ofHours(13)))).isEqualTo(1);
        assertThat(store.find(TENANTS.tokenHash())).isEmpty();
    }
}
