package io.promptengine.domain.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.domain.error.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

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

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void givenNoName_constructor_isRefusedAsRequired(String name) {
        assertThatThrownBy(() -> ApiKey.issue(ID, TENANT, name, SECRET, Set.of(Scope.READ), NOW, Optional.empty()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).contains("name"))
                .hasMessage("Field 'name' is required");
    }

    @Test
    void givenNameOverTwoHundredCharacters_constructor_isRefusedOnName() {
        assertThat(ApiKey.issue(ID, TENANT, "n".repeat(200), SECRET, Set.of(Scope.READ), NOW, Optional.empty())
                .name()).hasSize(200);
        assertThatThrownBy(() -> ApiKey.issue(ID, TENANT, "n".repeat(201), SECRET, Set.of(Scope.READ), NOW,
                Optional.empty())).isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).contains("name"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void givenNonPositiveRequestsPerMinute_issue_isRefusedOnThatField(int limit) {
        assertThatThrownBy(() -> ApiKey.issue(ID, TENANT, "ci", SECRET, Set.of(Scope.READ), NOW, Optional.empty(),
                OptionalInt.of(limit))).isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).contains("requests_per_minute"));
    }

    @Test
    void givenKeyLimit_revokeAndUsedAt_keepIt() {
        ApiKey key = ApiKey.issue(ID, TENANT, "ci", SECRET, Set.of(Scope.READ), NOW, Optional.empty(),
                OptionalInt.of(30));

        assertThat(key.requestsPerMinute()).hasValue(30);
        assertThat(key.revoke(NOW.plusSeconds(1)).requestsPerMinute()).hasValue(30);
        assertThat(key.usedAt(NOW.plusSeconds(1)).requestsPerMinute()).hasValue(30);
    }

    @Test
    void givenNeverUsedKey_lastUseIsStaleAt_isTrue() {
        assertThat(issue(Optional.empty()).lastUseIsStaleAt(NOW)).isTrue();
    }

    @Test
    void givenRecordedUse_lastUseIsStaleAt_isTrueFromOneMinuteAfterIt() {
        ApiKey used = issue(Optional.empty()).usedAt(NOW.plusSeconds(10));

        assertThat(used.lastUseIsStaleAt(NOW.plusSeconds(69))).isFalse();
        assertThat(used.lastUseIsStaleAt(NOW.plusSeconds(70))).isTrue();
    }

    @Test
    void givenLaterRecordedUse_usedAt_neverMovesItBack() {
        ApiKey used = issue(Optional.empty()).usedAt(NOW.plusSeconds(10));

        assertThat(used.usedAt(NOW.plusSeconds(5))).isSameAs(used);
        assertThat(used.usedAt(NOW.plusSeconds(20)).lastUsedAt()).contains(NOW.plusSeconds(20));
    }

    private static ApiKey issue(Optional<Instant> expiresAt) {
        return ApiKey.issue(ID, TENANT, "ci", SECRET, Set.of(Scope.EXECUTE, Scope.READ), NOW, expiresAt);
    }
}
