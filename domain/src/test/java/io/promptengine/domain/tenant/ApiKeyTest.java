package io.promptengine.domain.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.domain.error.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeyTest {

    private static final ApiKeyId ID = new ApiKeyId("key_1");
    private static final TenantId TENANT = new TenantId("ten_1");
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant EXPIRY = NOW.plus(Duration.ofDays(30));
    private static final ApiKeySecret SECRET = ApiKeySecret.of("pe_live_0123456789abcdefghijklmnopqrstuvwxyzABCDE");

    @Test
    void givenSecret_issue_storesItsHashAndPrefixButNotTheSecret() {
        ApiKey key = ApiKey.issue(ID, TENANT, "ci", SECRET, Set.of(Scope.EXECUTE), NOW, Optional.empty());

        assertThat(key.secretHash()).isEqualTo(SECRET.hash());
        assertThat(key.prefix()).isEqualTo(SECRET.prefix());
        assertThat(key.toString()).doesNotContain(SECRET.reveal());
        assertThat(key.createdAt()).isEqualTo(NOW);
        assertThat(key.revokedAt()).isEmpty();
        assertThat(key.lastUsedAt()).isEmpty();
    }

    @Test
    void givenNoExpiry_isUsableAt_isTrueForever() {
        ApiKey key = issue(Optional.empty());

        assertThat(key.isUsableAt(NOW)).isTrue();
        assertThat(key.isUsableAt(NOW.plus(Duration.ofDays(36_500)))).isTrue();
    }

    @Test
    void givenExpiry_isUsableAt_isTrueOnlyBeforeIt() {
        ApiKey key = issue(Optional.of(EXPIRY));

        assertThat(key.isUsableAt(EXPIRY.minusMillis(1))).isTrue();
        assertThat(key.isUsableAt(EXPIRY)).isFalse();
        assertThat(key.isUsableAt(EXPIRY.plusSeconds(1))).isFalse();
    }

    @Test
    void givenUsableKey_revoke_makesItUnusable() {
        ApiKey revoked = issue(Optional.empty()).revoke(NOW.plusSeconds(5));

        assertThat(revoked.revokedAt()).contains(NOW.plusSeconds(5));
        assertThat(revoked.isUsableAt(NOW.plusSeconds(1))).isFalse();
    }

    @Test
    void givenRevokedKey_revoke_keepsTheFirstRevocationTime() {
        ApiKey revoked = issue(Optional.empty()).revoke(NOW.plusSeconds(5));

        assertThat(revoked.revoke(NOW.plusSeconds(60))).isSameAs(revoked);
    }

    @Test
    void givenExpiryNotAfterCreation_constructor_isRefusedOnExpiresAt() {
        assertThatThrownBy(() -> issue(Optional.of(NOW)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).contains("expires_at"));
        assertThatThrownBy(() -> issue(Optional.of(NOW.minusSeconds(1)))).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void givenNoScopes_constructor_isRefusedOnScopes() {
        assertThatThrownBy(() -> ApiKey.issue(ID, TENANT, "ci", SECRET, Set.of(), NOW, Optional.empty()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).contains("scopes"));
        assertThatThrownBy(() -> ApiKey.issue(ID, TENANT, "ci", SECRET, null, NOW, Optional.empty()))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void givenMutableScopeSet_constructor_keepsItsOwnCopy() {
        Set<Scope> scopes = EnumSet.of(Scope.READ);
        ApiKey key = ApiKey.issue(ID, TENANT, "ci", SECRET, scopes, NOW, Optional.empty());

        scopes.add(Scope.MANAGE);

        assertThat(key.scopes()).containsExactly(Scope.READ);
        assertThat(key.allows(Scope.READ)).isTrue();
        assertThat(key.allows(Scope.MANAGE)).isFalse();
        assertThatThrownBy(() -> key.scopes().add(Scope.EXECUTE)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void givenWireNames_scopeFromWire_acceptsOnlyTheThreeScopes() {
        assertThat(Scope.fromWire("execute")).isEqualTo(Scope.EXECUTE);
        assertThat(Scope.fromWire("read")).isEqualTo(Scope.READ);
        assertThat(Scope.fromWire("manage")).isEqualTo(Scope.MANAGE);
        assertThatThrownBy(() -> Scope.fromWire("admin"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).contains("scopes"))
                .hasMessageContaining("'admin'");
    }

    private static ApiKey issue(Optional<Instant> expiresAt) {
        return ApiKey.issue(ID, TENANT, "ci", SECRET, Set.of(Scope.EXECUTE, Scope.READ), NOW, expiresAt);
    }
}
