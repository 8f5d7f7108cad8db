package io.promptengine.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.application.fakes.FakeClock;
import io.promptengine.application.fakes.InMemoryApiKeyStore;
import io.promptengine.application.fakes.InMemoryConsoleSessionStore;
import io.promptengine.application.fakes.InMemoryOperatorKeyStore;
import io.promptengine.application.fakes.InMemoryTenantStore;
import io.promptengine.application.fakes.SequentialIdGenerator;
import io.promptengine.application.port.in.ConsoleSignIn;
import io.promptengine.application.port.in.ConsoleVisit;
import io.promptengine.domain.error.AuthenticationException;
import io.promptengine.domain.tenant.ApiKey;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.ApiKeySecret;
import io.promptengine.domain.tenant.Scope;
import io.promptengine.domain.tenant.Tenant;
import io.promptengine.domain.tenant.TenantId;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConsoleSessionServiceTest {

    private static final TenantId ACME = new TenantId("ten_acme");
    private static final ApiKeyId KEY = new ApiKeyId("key_1");
    private static final String OPERATOR_KEY = "pe_admin_console-test-operator-key";

    private final FakeClock clock = new FakeClock();
    private final InMemoryApiKeyStore keys = new InMemoryApiKeyStore();
    private final InMemoryTenantStore tenants = new InMemoryTenantStore();
    private final InMemoryConsoleSessionStore sessions = new InMemoryConsoleSessionStore();
    private final SecureRandom random = new SecureRandom();
    private final OperatorKeyService operator = new OperatorKeyService(new InMemoryOperatorKeyStore(), keys, clock,
            random, new AuditTrail(new SequentialIdGenerator(), clock));
    private final ConsoleSessionService service = new ConsoleSessionService(sessions, keys, tenants,
            new AuthenticationService(keys, tenants, clock), operator, clock, random,
            new ConsoleSessionService.Settings(Duration.ofMinutes(30), Duration.ofHours(12)));
    private String secret;

    @BeforeEach
    void tenantWithKey() {
        operator.provisionOperatorKey(Optional.of(OPERATOR_KEY));
        tenants.insert(new Tenant(ACME, "acme", "Acme", "pro", true, clock.now()));
        ApiKeySecret issued = ApiKeySecret.generate(random);
        keys.insert(ApiKey.issue(KEY, ACME, "console", issued, Set.of(Scope.READ, Scope.MANAGE), clock.now(),
                Optional.empty()));
        secret = issued.reveal();
    }

    @Test
    void givenTenantKey_signIn_opensASessionWhoseTokenResolvesToTheKeysCaller() {
        ConsoleSignIn signIn = service.signIn(secret);

        ConsoleVisit visit = service.resolve(signIn.token()).orElseThrow();
        assertThat(visit.caller().orElseThrow().tenantId()).isEqualTo(ACME);
        assertThat(visit.caller().orElseThrow().scopes()).containsExactlyInAnyOrder(Scope.READ, Scope.MANAGE);
        assertThat(visit.csrfToken()).isEqualTo(signIn.visit().csrfToken()).isNotEqualTo(signIn.token());
        assertThat(sessions.find(signIn.token())).as("the store keeps only the token's hash").isEmpty();
        assertThat(sessions.find(ApiKeySecret.hash(signIn.token()))).isPresent();
    }

    @Test
    void givenOperatorKey_signIn_opensAnOperatorSession() {
        ConsoleSignIn signIn = service.signIn(OPERATOR_KEY);

        assertThat(service.resolve(signIn.token()).orElseThrow().operator()).isTrue();
    }

    @Test
    void givenOperatorKeyRotatedAfterSignIn_resolve_endsTheOperatorSession() {
        ConsoleSignIn signIn = service.signIn(OPERATOR_KEY);
        assertThat(sessions.find(ApiKeySecret.hash(signIn.token())).orElseThrow().operatorKey()).isPresent()
                .get().asString().doesNotContain(ApiKeySecret.of(OPERATOR_KEY).hash());

        operator.provisionOperatorKey(Optional.of(OPERATOR_KEY + "-rotated"));

        assertThat(service.resolve(signIn.token())).isEmpty();
        assertThat(sessions.find(ApiKeySecret.hash(signIn.token()))).isEmpty();
        assertThat(service.resolve(service.signIn(OPERATOR_KEY + "-rotated").token())).isPresent();
    }

    @Test
    void givenBadKey_signIn_isRefusedAsTheApiRefusesIt() {
        assertThatThrownBy(() -> service.signIn("pe_live_nobody")).isInstanceOf(AuthenticationException.class)
                .hasMessage("Invalid API key");
        assertThatThrownBy(() -> service.signIn(" ")).isInstanceOf(AuthenticationException.class);
    }

    @Test
    void givenSessionIdleLongerThanTheTimeout_resolve_isEmptyAndTheSessionIsGone() {
        String token = service.signIn(secret).token();
        clock.advance(Duration.ofMinutes(29));
        assertThat(service.resolve(token)).isPresent();

        clock.advance(Duration.ofMinutes(29));
        assertThat(service.resolve(token)).as("each use moves the idle expiry on").isPresent();

        clock.advance(Duration.ofMinutes(31));
        assertThat(service.resolve(token)).isEmpty();
        assertThat(sessions.find(ApiKeySecret.hash(token))).isEmpty();
    }

    @Test
    void givenSessionUsedAllDay_resolve_endsItAtItsLifetime() {
        String token = service.signIn(secret).token();
        for (int i = 0; i < 24; i++) {
            clock.advance(Duration.ofMinutes(29));
            assertThat(service.resolve(token)).isPresent();
        }
        clock.advance(Duration.ofMinutes(29));

        assertThat(service.resolve(token)).isEmpty();
    }

    @Test
    void givenKeyRevokedAfterSignIn_resolve_endsTheSession() {
        String token = service.signIn(secret).token();

        keys.revoke(ACME, KEY, clock.now());

        assertThat(service.resolve(token)).isEmpty();
        assertThat(sessions.find(ApiKeySecret.hash(token))).isEmpty();
    }

    @Test
    void givenTenantDeactivatedAfterSignIn_resolve_endsTheSession() {
        String token = service.signIn(secret).token();

        tenants.update(tenants.find(ACME).orElseThrow().deactivated());

        assertThat(service.resolve(token)).isEmpty();
    }

    @Test
    void signOut_endsTheSession_andUnknownOrMalformedTokensResolveToNothing() {
        String token = service.signIn(secret).token();

        service.signOut(token);

        assertThat(service.resolve(token)).isEmpty();
        assertThat(service.resolve(null)).isEmpty();
        assertThat(service.resolve("x".repeat(500))).isEmpty();
    }

    @Test
    void purgeExpired_deletesOnlyExpiredSessions() {
        service.signIn(secret);
        clock.advance(Duration.ofMinutes(20));
        String fresh = service.signIn(OPERATOR_KEY).token();
        clock.advance(Duration.ofMinutes(15));

        assertThat(service.purgeExpired()).isEqualTo(1);
        assertThat(service.resolve(fresh)).isPresent();
    }
}
