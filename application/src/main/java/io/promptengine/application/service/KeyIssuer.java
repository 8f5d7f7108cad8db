package io.promptengine.application.service;

import io.promptengine.application.port.in.IssuedApiKey;
import io.promptengine.application.port.in.NewApiKey;
import io.promptengine.application.port.out.ApiKeyStore;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.IdGenerator;
import io.promptengine.domain.tenant.ApiKey;
import io.promptengine.domain.tenant.ApiKeySecret;
import io.promptengine.domain.tenant.TenantId;
import java.security.SecureRandom;

/**
 * Makes a key with a fresh secret and stores it; shared by the tenant's own and the operator's key routes, so it is
 * built once by the wiring and given to both services. Only they call it.
 */
public final class KeyIssuer {

    private final ApiKeyStore keys;
    private final IdGenerator ids;
    private final Clock clock;
    private final SecureRandom random;

    public KeyIssuer(ApiKeyStore keys, IdGenerator ids, Clock clock, SecureRandom random) {
        this.keys = keys;
        this.ids = ids;
        this.clock = clock;
        this.random = random;
    }

    IssuedApiKey issue(TenantId tenant, NewApiKey spec) {
        ApiKeySecret secret = ApiKeySecret.generate(random);
        ApiKey key = ApiKey.issue(ids.apiKeyId(), tenant, spec.name(), secret, spec.scopes(), clock.now(),
                spec.expiresAt(), spec.requestsPerMinute());
        keys.insert(key);
        return new IssuedApiKey(key, secret);
    }
}
