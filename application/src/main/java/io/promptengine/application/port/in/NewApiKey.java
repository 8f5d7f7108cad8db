package io.promptengine.application.port.in;

import io.promptengine.domain.tenant.ApiKey;
import io.promptengine.domain.tenant.Scope;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What a new key is to be: a name, its scopes, an optional expiry (which must be in the future when the key is
 * made) and an optional requests-per-minute limit of its own.
 */
public record NewApiKey(String name, Set<Scope> scopes, Optional<Instant> expiresAt, OptionalInt requestsPerMinute) {

    public NewApiKey {
        ApiKey.requireName(name);
        scopes = ApiKey.requireScopes(scopes);
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(requestsPerMinute, "requestsPerMinute");
        ApiKey.requireRequestsPerMinute(requestsPerMinute);
    }
}
