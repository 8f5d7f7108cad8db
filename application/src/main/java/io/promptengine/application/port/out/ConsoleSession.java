package io.promptengine.application.port.out;

import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A signed-in browser of the console as it is stored: never its token, only the token's SHA-256, so that a copy of
 * the table signs nobody in. A tenant's session names the API key it was opened with, which is checked again on
 * every request; an operator's names the fingerprint of the operator key it was opened with, so that a new operator
 * key ends it.
 *
 * @param tokenHash the hex SHA-256 of the session token the browser holds in its cookie
 * @param tenantId the key's tenant; empty for the operator
 * @param apiKeyId the key the session was opened with; empty for the operator
 * @param operatorKey the operator's only: the {@code operatorKeyFingerprint} of the key it signed in with
 * @param csrfToken what every state-changing request of this session must carry
 * @param lastSeenAt when a request last used the session (to {@link #TOUCH_PRECISION})
 * @param idleExpiresAt when the session ends unless a request uses it before
 * @param expiresAt when it ends whatever its use: its absolute lifetime
 */
public record ConsoleSession(String tokenHash, Optional<TenantId> tenantId, Optional<ApiKeyId> apiKeyId,
        Optional<String> operatorKey, String csrfToken, Instant createdAt, Instant lastSeenAt, Instant idleExpiresAt, Instant expiresAt) {

    /** How stale {@link #lastSeenAt} may get before a request writes it again: one write a minute, not one a page. */
    public static final Duration TOUCH_PRECISION = Duration.ofMinutes(1);

    public ConsoleSession {
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(apiKeyId, "apiKeyId");
        Objects.requireNonNull(operatorKey, "operatorKey");
        Objects.requireNonNull(csrfToken, "csrfToken");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastSeenAt, "lastSeenAt");
        Objects.requireNonNull(idleExpiresAt, "idleExpiresAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (tenantId.isPresent() != apiKeyId.isPresent()) {
            throw new IllegalArgumentException("a session names both a tenant and its key, or neither (operator)");
        }
        if (tenantId.isEmpty() != operatorKey.isPresent()) {
            throw new IllegalArgumentException("an operator's session, and only an operator's, names its operator key");
        }
        if (tokenHash.isBlank() || csrfToken.isBlank()) {
            throw new IllegalArgumentException("a session needs its token hash and CSRF token");
        }
        if (idleExpiresAt.isAfter(expiresAt)) {
            throw new IllegalArgumentException("a session's idle expiry cannot pass its absolute expiry");
        }
    }

    public boolean operator() {
        return tenantId.isEmpty();
    }

    /** Whether a request at {@code now} may still use the session. */
    public boolean isLiveAt(Instant now) {
        return now.isBefore(idleExpiresAt) && now.isBefore(expiresAt);
    }

    /** Whether a request at {@code now} should record its use. */
    public boolean lastSeenIsStaleAt(Instant now) {
        return !now.isBefore(lastSeenAt.plus(TOUCH_PRECISION));
    }
}
