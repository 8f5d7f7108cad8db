package io.promptengine.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.application.fakes.FakeClock;
import io.promptengine.application.fakes.InMemoryApiKeyStore;
import io.promptengine.application.fakes.InMemoryAuditEventStore;
import io.promptengine.application.fakes.InMemoryOperatorKeyStore;
import io.promptengine.application.fakes.SequentialIdGenerator;
import io.promptengine.application.port.out.OperatorKeyStore;
import io.promptengine.domain.audit.Actor;
import io.promptengine.domain.audit.AuditAction;
import io.promptengine.domain.audit.AuditEvent;
import io.promptengine.domain.error.AuthenticationException;
import io.promptengine.domain.error.PermissionDeniedException;
import io.promptengine.domain.tenant.ApiKey;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.ApiKeySecret;
import io.promptengine.domain.tenant.OperatorKey;
import io.promptengine.domain.tenant.Scope;
import io.promptengine.domain.tenant.TenantId;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class OperatorKeyServiceTest {

    private static final String CONFIGURED = "pe_admin_configured-operator-key";

    private final FakeClock clock = new FakeClock();
    private final InMemoryAuditEventStore audit = new InMemoryAuditEventStore();
    private final InMemoryOperatorKeyStore operatorKeys = new InMemoryOperatorKeyStore(audit);
    private final InMemoryApiKeyStore tenantKeys = new InMemoryApiKeyStore();

    private OperatorKeyService newInstance() {
        return new OperatorKeyService(operatorKeys, tenantKeys, clock, new SecureRandom(),
                new AuditTrail(new SequentialIdGenerator(), clock));
    }

    @Test
    void givenEmptyStoreAndNoConfiguredKey_provision_generatesOneStoresOnlyItsHashAndAcceptsIt() {
        OperatorKeyService service = newInstance();

        String secret = service.provisionOperatorKey(Optional.empty()).orElseThrow();

        assertThat(secret).matches("pe_admin_[A-Za-z0-9_-]{43}");
        assertThat(operatorKeys.find()).contains(OperatorKey.of(ApiKeySecret.of(secret), clock.now()));
        assertThatCode(() -> service.authenticateOperator(secret)).doesNotThrowAnyException();
    }

    @Test
    void givenKeyGeneratedByAnEarlierStart_provision_returnsNothingAndStillAcceptsIt() {
        String secret = newInstance().provisionOperatorKey(Optional.empty()).orElseThrow();
        OperatorKeyService restarted = newInstance();

        assertThat(restarted.provisionOperatorKey(Optional.empty())).isEmpty();
        assertThatCode(() -> restarted.authenticateOperator(secret)).doesNotThrowAnyException();
    }

    @Test
    void givenEmptyStore_provision_recordsTheGeneratedKeyByItsPrefixOnly() {
        String secret = newInstance().provisionOperatorKey(Optional.empty()).orElseThrow();

        assertThat(audit.all()).singleElement().satisfies(event -> {
            assertThat(event.action()).isEqualTo(AuditAction.OPERATOR_KEY_CREATED);
            assertThat(event.actor()).isEqualTo(Actor.OPERATOR);
            assertThat(event.tenant()).isEmpty();
            assertThat(event.targetId()).isEqualTo(operatorKeys.find().orElseThrow().prefix());
            assertThat(event.after().values()).noneMatch(value -> value.contains(secret));
        });
    }

    @Test
    void givenStoredOrConfiguredKey_provision_recordsNothing() {
        newInstance().provisionOperatorKey(Optional.empty());

        newInstance().provisionOperatorKey(Optional.empty());
        newInstance().provisionOperatorKey(Optional.of(CONFIGURED));

        assertThat(audit.all()).hasSize(1);
    }

    @Test
    void givenAnotherInstanceGeneratedAKeyFirst_provision_returnsNothingAndAcceptsThatOne() {
        OperatorKeyService winner = newInstance();
        InMemoryOperatorKeyStore shared = operatorKeys;
        // the winner stores its key between the racer's empty read and its own store
        OperatorKeyService racer = new OperatorKeyService(new OperatorKeyStore() {
            @Override
            public Optional<OperatorKey> find() {
                return Optional.empty();
            }

            @Override
            public OperatorKey storeIfAbsent(OperatorKey key, Optional<AuditEvent> audit) {
                return shared.storeIfAbsent(key, audit);
            }
        }, tenantKeys, clock, new SecureRandom(), new AuditTrail(new SequentialIdGenerator(), clock));
        String winning = winner.provisionOperatorKey(Optional.empty()).orElseThrow();

        assertThat(racer.provisionOperatorKey(Optional.empty())).isEmpty();
        assertThatCode(() -> racer.authenticateOperator(winning)).doesNotThrowAnyException();
    }

    @Test
    void givenConfiguredKey_provision_acceptsItWithoutStoringIt() {
        OperatorKeyService service = newInstance();

        assertThat(service.provisionOperatorKey(Optional.of("  " + CONFIGURED + "\n"))).isEmpty();

        assertThat(operatorKeys.find()).isEmpty();
        assertThatCode(() -> service.authenticateOperator(CONFIGURED)).doesNotThrowAnyException();
    }

    @Test
    void givenConfiguredKeyOnAnInstallationWithAGeneratedOne_onlyTheConfiguredOneIsAccepted() {
        String generated = newInstance().provisionOperatorKey(Optional.empty()).orElseThrow();
        OperatorKeyService service = newInstance();

        service.provisionOperatorKey(Optional.of(CONFIGURED));

        assertThatCode(() -> service.authenticateOperator(CONFIGURED)).doesNotThrowAnyException();
        assertThatThrownBy(() -> service.authenticateOperator(generated))
                .isInstanceOf(AuthenticationException.class).hasMessage("Invalid operator key");
    }

    @Test
    void givenNotProvisioned_authenticateOperator_acceptsNothing() {
        OperatorKeyService service = newInstance();
        operatorKeys.storeIfAbsent(OperatorKey.of(ApiKeySecret.of(CONFIGURED), clock.now()));

        assertThatThrownBy(() -> service.authenticateOperator(CONFIGURED))
                .isInstanceOf(AuthenticationException.class);
    }

    @Test
    void givenUsableTenantKey_authenticateOperator_isForbidden() {
        OperatorKeyService service = newInstance();
        service.provisionOperatorKey(Optional.of(CONFIGURED));
        ApiKeySecret tenantSecret = ApiKeySecret.generate(new SecureRandom());
        tenantKeys.insert(tenantKey(tenantSecret));

        assertThatThrownBy(() -> service.authenticateOperator(tenantSecret.reveal()))
                .isInstanceOf(PermissionDeniedException.class)
                .hasMessageContaining("operator key");
    }

    @Test
    void givenRevokedTenantKey_authenticateOperator_isInvalid() {
        OperatorKeyService service = newInstance();
        service.provisionOperatorKey(Optional.of(CONFIGURED));
        ApiKeySecret tenantSecret = ApiKeySecret.generate(new SecureRandom());
        tenantKeys.insert(tenantKey(tenantSecret).revoke(clock.now()));

        assertThatThrownBy(() -> service.authenticateOperator(tenantSecret.reveal()))
                .isInstanceOf(AuthenticationException.class).hasMessage("Invalid operator key");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void givenNoKey_authenticateOperator_isUnauthorizedNamingTheHeaders(String presented) {
        OperatorKeyService service = newInstance();
        service.provisionOperatorKey(Optional.of(CONFIGURED));

        assertThatThrownBy(() -> service.authenticateOperator(presented))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("Authorization: Bearer <key>");
    }

    @Test
    void givenOverlongKey_authenticateOperator_isInvalid() {
        OperatorKeyService service = newInstance();
        service.provisionOperatorKey(Optional.of(CONFIGURED));

        assertThatThrownBy(() -> service.authenticateOperator(CONFIGURED + "x".repeat(600)))
                .isInstanceOf(AuthenticationException.class).hasMessage("Invalid operator key");
    }

    private ApiKey tenantKey(ApiKeySecret secret) {
        return ApiKey.issue(new ApiKeyId("key_1"), new TenantId("ten_1"), "all", secret, EnumSet.allOf(Scope.class),
                clock.now(), Optional.empty());
    }

    @Test
    void givenProvisionedKey_isOperatorKey_isTrueForItAloneAndNeverThrows() {
        OperatorKeyService service = newInstance();
        assertThat(service.isOperatorKey(CONFIGURED)).isFalse();
        service.provisionOperatorKey(Optional.of(CONFIGURED));

        assertThat(service.isOperatorKey(CONFIGURED)).isTrue();
        assertThat(service.isOperatorKey("pe_admin_another-key")).isFalse();
        assertThat(service.isOperatorKey(null)).isFalse();
        assertThat(service.isOperatorKey(" ")).isFalse();
        assertThat(service.isOperatorKey("x".repeat(10_000))).isFalse();
    }
}
