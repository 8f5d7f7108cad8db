package io.promptengine.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.application.fakes.FakeClock;
import io.promptengine.application.fakes.InMemoryApiKeyStore;
import io.promptengine.application.fakes.InMemoryTenantStore;
import io.promptengine.application.fakes.SequentialIdGenerator;
import io.promptengine.domain.ratelimit.Plan;
import io.promptengine.domain.tenant.ApiKey;
import io.promptengine.domain.tenant.ApiKeySecret;
import io.promptengine.domain.tenant.Scope;
import io.promptengine.domain.tenant.Tenant;
import java.security.SecureRandom;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DemoProvisioningServiceTest {

    private static final String CONFIGURED = "pe_live_operator-chosen-demo-key";

    private final FakeClock clock = new FakeClock();
    private final InMemoryTenantStore tenants = new InMemoryTenantStore();
    private final InMemoryApiKeyStore keys = new InMemoryApiKeyStore();
    private final DemoProvisioningService provisioning = new DemoProvisioningService(tenants, keys,
            new SequentialIdGenerator(), clock, new SecureRandom(), Plan.FREE);
    private final AuthenticationService authentication = new AuthenticationService(keys, tenants, clock);

    @Test
    void givenEmptyStores_provisionDemo_createsTheDemoTenantOnTheFreePlan() {
        provisioning.provisionDemo(Optional.empty());

        Tenant demo = tenants.findBySlug("demo").orElseThrow();
        assertThat(demo.plan()).isEqualTo(Plan.FREE.name());
        assertThat(demo.active()).isTrue();
        assertThat(demo.createdAt()).isEqualTo(clock.now());
    }

    @Test
    void givenAnotherPlan_provisionDemo_createsTheDemoTenantOnIt() {
        new DemoProvisioningService(tenants, keys, new SequentialIdGenerator(), clock, new SecureRandom(), Plan.PRO)
                .provisionDemo(Optional.empty());

        assertThat(tenants.findBySlug("demo").orElseThrow().plan()).isEqualTo("pro");
    }

    @Test
    void givenEmptyStores_provisionDemo_returnsAGeneratedSecretThatAuthenticatesWithEveryScope() {
        Optional<String> secret = provisioning.provisionDemo(Optional.empty());

        assertThat(secret).hasValueSatisfying(value -> assertThat(value).matches("pe_live_[A-Za-z0-9_-]{43}"));
        ApiKey key = keys.all().get(0);
        assertThat(keys.all()).hasSize(1);
        assertThat(key.secretHash()).isEqualTo(ApiKeySecret.hash(secret.get()));
        assertThat(authentication.authenticate(secret.get()).scopes()).containsExactlyInAnyOrder(Scope.values());
    }

    @Test
    void givenDemoAlreadyProvisioned_provisionDemo_returnsNothingAndCreatesNothing() {
        provisioning.provisionDemo(Optional.empty());

        Optional<String> again = provisioning.provisionDemo(Optional.empty());

        assertThat(again).isEmpty();
        assertThat(tenants.all()).hasSize(1);
        assertThat(keys.all()).hasSize(1);
    }

    @Test
    void givenConfiguredSecret_provisionDemo_registersItWithoutEverReturningIt() {
        Optional<String> first = provisioning.provisionDemo(Optional.of(CONFIGURED));
        Optional<String> second = provisioning.provisionDemo(Optional.of(CONFIGURED));

        assertThat(first).isEmpty();
        assertThat(second).isEmpty();
        assertThat(tenants.all()).extracting(Tenant::slug).containsExactly("demo");
        assertThat(keys.all()).hasSize(1);
        assertThat(authentication.authenticate(CONFIGURED).tenantId()).isEqualTo(tenants.all().get(0).id());
    }

    @Test
    void givenConfiguredSecretWithSurroundingWhitespace_provisionDemo_registersAKeyThatAuthenticates() {
        provisioning.provisionDemo(Optional.of("  " + CONFIGURED + "\n"));

        assertThat(authentication.authenticate(CONFIGURED).tenantId()).isEqualTo(tenants.all().get(0).id());
    }

    @Test
    void givenExistingDemoAndNewConfiguredSecret_provisionDemo_addsThatKeyToTheSameTenant() {
        provisioning.provisionDemo(Optional.empty());

        provisioning.provisionDemo(Optional.of(CONFIGURED));

        assertThat(tenants.all()).hasSize(1);
        assertThat(keys.all()).hasSize(2).extracting(ApiKey::tenantId).containsOnly(tenants.all().get(0).id());
        assertThat(authentication.authenticate(CONFIGURED).tenantId()).isEqualTo(tenants.all().get(0).id());
    }
}
