package io.promptengine.application.service;

import io.promptengine.application.port.in.AuthenticateUseCase;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.out.ApiKeyStore;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.TenantStore;
import io.promptengine.domain.error.AuthenticationException;
import io.promptengine.domain.error.PermissionDeniedException;
import io.promptengine.domain.error.UnavailableException;
import io.promptengine.domain.tenant.ApiKey;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.ApiKeySecret;
import io.promptengine.domain.tenant.Tenant;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authenticates by the hash of the presented secret. Unknown, revoked and expired keys get the same 401 so that
 * a probe learns nothing; a valid key of a deactivated tenant gets 403. A key's last use is recorded at most once a
 * minute, so {@code last_used_at} may lag the true last use by up to a minute.
 */
public final class AuthenticationService implements AuthenticateUseCase {

    static final int MAX_SECRET_LENGTH = 512;

    private final ApiKeyStore keys;
    private final TenantStore tenants;
    private final Clock clock;
    /** When this instance last recorded each key's use, so that racing requests record it once. */
    private final ConcurrentHashMap<ApiKeyId, Instant> recordedUse = new ConcurrentHashMap<>();

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
        Instant now = clock.now();
        if (!key.isUsableAt(now)) {
            throw invalid();
        }
        Tenant tenant = tenants.find(key.tenantId()).orElseThrow(this::invalid);
        if (!tenant.active()) {
            throw new PermissionDeniedException("Tenant '" + tenant.slug() + "' is deactivated");
        }
        recordUse(key, now);
        return new Caller(tenant.id(), key.id(), key.scopes(), tenant.plan(), key.requestsPerMinute());
    }

    /**
     * Keeps {@code last_used_at} within {@link ApiKey#LAST_USED_PRECISION} of the truth at the cost of one write
     * per key and minute, not one per request: only the first request of a key in each minute writes.
     */
    private void recordUse(ApiKey key, Instant now) {
        if (!key.lastUseIsStaleAt(now)) {
            return;
        }
        Instant previous = recordedUse.get(key.id());
        if (previous != null && now.isBefore(previous.plus(ApiKey.LAST_USED_PRECISION))) {
            return;
        }
        boolean ours = previous == null ? recordedUse.putIfAbsent(key.id(), now) == null
                : recordedUse.replace(key.id(), previous, now);
        if (!ours) {
            return;
        }
        try {
            keys.recordUse(key.id(), now);
        } catch (UnavailableException e) {
            // A hint for people is no reason to fail a request that authenticated; a later request retries.
            recordedUse.remove(key.id(), now);
        }
    }

    private AuthenticationException invalid() {
        return new AuthenticationException("Invalid API key");
    }
}
