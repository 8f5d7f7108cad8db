package io.promptengine.application.service;

import io.promptengine.application.port.in.IssuedApiKey;
import io.promptengine.application.port.in.NewApiKey;
import io.promptengine.application.port.out.ApiKeyStore;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.IdGenerator;
import io.promptengine.domain.audit.AuditEvent;
import io.promptengine.domain.tenant.ApiKey;
import io.promptengine.domain.tenant.ApiKeySecret;
import io.promptengine.domain.tenant.Scope;
import io.promptengine.domain.tenant.TenantId;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.function.BiFunction;

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

    /** Stores the key with the audit event {@code audit} makes of it, from its fields (never its secret). */
    IssuedApiKey issue(TenantId tenant, NewApiKey spec, BiFunction<ApiKey, Changes, AuditEvent> audit) {
        ApiKeySecret secret = ApiKeySecret.generate(random);
        ApiKey key = ApiKey.issue(ids.apiKeyId(), tenant, spec.name(), secret, spec.scopes(), clock.now(),
                spec.expiresAt(), spec.requestsPerMinute());
        keys.insert(key, Optional.of(audit.apply(key, summary(key))));
        return new IssuedApiKey(key, secret);
    }

    private static Changes summary(ApiKey key) {
        return new Changes()
                .created("name", key.name())
                .created("scopes", Changes.text(key.scopes().stream().map(Scope::wireName).sorted().toList()))
                .created("expires_at", Changes.text(key.expiresAt()))
                .created("requests_per_minute", Changes.text(key.requestsPerMinute()));
    }
}
