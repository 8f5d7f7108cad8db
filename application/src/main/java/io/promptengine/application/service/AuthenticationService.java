package io.promptengine.application.service;

import io.promptengine.application.port.in.AuthenticateUseCase;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.out.ApiKeyStore;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.TenantStore;
import io.promptengine.domain.error.AuthenticationException;
import io.promptengine.domain.error.PermissionDeniedException;
import io.promptengine.domain.tenant.ApiKey;
import io.promptengine.domain.tenant.ApiKeySecret;
import io.promptengine.domain.tenant.Tenant;
import java.util.OptionalInt;

/**
 * Authenticates by the hash of the presented secret. Unknown, revoked and expired keys get the same 401 so that
 * a probe learns nothing; a valid key of a deactivated tenant gets 403.
 */
public final class AuthenticationService implements AuthenticateUseCase {

    private static final int MAX_SECRET_LENGTH = 512;

    private final ApiKeyStore keys;
    private final TenantStore tenants;
    private final Clock clock;

    public AuthenticationService(ApiKeyStore keys, TenantStore tenants, Clock clock) {
        this.keys = keys;
        this.tenants = tenants;
        this.clock = clock;
    }

    @Override
    public Caller authenticate(String presentedSecret) {
        if (presentedSecret == null || presentedSecret.isBlank()) {
            throw new AuthenticationException(
                    "Missing API key: send 'Authorization: Bearer <key>', 'x-api-key: <key>' or 'api-key: <key>'");
        }
        if (presentedSecret.length() > MAX_SECRET_LENGTH) {
            throw invalid();
        }
        ApiKey key = keys.findBySecretHash(ApiKeySecret.of(presentedSecret).hash()).orElseThrow(this::invalid);
        if (!key.isUsableAt(clock.now())) {
            throw invalid();
        }
        Tenant tenant = tenants.find(key.tenantId()).orElseThrow(this::invalid);
        if (!tenant.active()) {
            throw new PermissionDeniedException("Tenant '" + tenant.slug() + "' is deactivated");
        }
        // a key of its own limit arrives with key management; until then every key shares its tenant's plan
        return new Caller(tenant.id(), key.id(), key.scopes(), tenant.plan(), OptionalInt.empty());
    }

    private AuthenticationException invalid() {
        return new AuthenticationException("Invalid API key");
    }
}
