package io.promptengine.application.service;

import io.promptengine.application.port.in.ProvisionDemoUseCase;
import io.promptengine.application.port.out.ApiKeyStore;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.IdGenerator;
import io.promptengine.application.port.out.TenantStore;
import io.promptengine.domain.ratelimit.Plan;
import io.promptengine.domain.tenant.ApiKey;
import io.promptengine.domain.tenant.ApiKeySecret;
import io.promptengine.domain.tenant.Scope;
import io.promptengine.domain.tenant.Tenant;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Optional;

/**
 * Makes the Quick start work with no setup. A configured secret ({@code PE_DEMO_KEY}) is registered for the demo
 * tenant if the store does not know it yet, so it works on an existing database too; otherwise a key is
 * generated only together with the tenant, and returned so the caller can print it once.
 */
public final class DemoProvisioningService implements ProvisionDemoUseCase {

    public static final String DEMO_SLUG = "demo";

    private final TenantStore tenants;
    private final ApiKeyStore keys;
    private final IdGenerator ids;
    private final Clock clock;
    private final SecureRandom random;
    private final Plan plan;

    /** @param plan the demo tenant's plan when it is created ({@code PE_DEMO_PLAN}); an existing one keeps its own */
    public DemoProvisioningService(TenantStore tenants, ApiKeyStore keys, IdGenerator ids, Clock clock,
            SecureRandom random, Plan plan) {
        this.tenants = tenants;
        this.keys = keys;
        this.ids = ids;
        this.clock = clock;
        this.random = random;
        this.plan = plan;
    }

    @Override
    public Optional<String> provisionDemo(Optional<String> configuredSecret) {
        Optional<Tenant> existing = tenants.findBySlug(DEMO_SLUG);
        Tenant demo = existing.orElseGet(() -> {
            Tenant created = new Tenant(ids.tenantId(), DEMO_SLUG, "Demo", plan.name(), true, clock.now());
            tenants.insert(created);
            return created;
        });
        if (configuredSecret.isPresent()) {
            ApiKeySecret secret = ApiKeySecret.of(configuredSecret.get());
            if (keys.findBySecretHash(secret.hash()).isEmpty()) {
                issue(demo, secret);
            }
            return Optional.empty();
        }
        if (existing.isPresent()) {
            return Optional.empty();
        }
        ApiKeySecret secret = ApiKeySecret.generate(random);
        issue(demo, secret);
        return Optional.of(secret.reveal());
    }

    private void issue(Tenant demo, ApiKeySecret secret) {
        keys.insert(ApiKey.issue(ids.apiKeyId(), demo.id(), "demo", secret, EnumSet.allOf(Scope.class), clock.now(),
                Optional.empty()));
    }
}
