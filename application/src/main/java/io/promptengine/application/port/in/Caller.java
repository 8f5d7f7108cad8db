package io.promptengine.application.port.in;

import io.promptengine.domain.error.PermissionDeniedException;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.Scope;
import io.promptengine.domain.tenant.TenantId;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * An authenticated API key acting for its tenant. Every use case that touches tenant data takes one.
 *
 * @param plan the name of the tenant's plan when the key authenticated
 * @param keyRequestsPerMinute the key's own request limit, when it has one
 * @param requestId the id of the HTTP request the key came with, which the audit trail records; absent when the
 *        caller is not an HTTP request (an embedding host's in-process call)
 */
public record Caller(TenantId tenantId, ApiKeyId apiKeyId, Set<Scope> scopes, String plan,
        OptionalInt keyRequestsPerMinute, Optional<String> requestId) {

    public Caller {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(apiKeyId, "apiKeyId");
        Objects.requireNonNull(scopes, "scopes");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(keyRequestsPerMinute, "keyRequestsPerMinute");
        Objects.requireNonNull(requestId, "requestId");
        scopes = scopes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(scopes));
        if (keyRequestsPerMinute.isPresent() && keyRequestsPerMinute.getAsInt() <= 0) {
            throw new IllegalArgumentException("a key's request limit must be positive");
        }
    }

    /** A caller of no particular request. */
    public Caller(TenantId tenantId, ApiKeyId apiKeyId, Set<Scope> scopes, String plan,
            OptionalInt keyRequestsPerMinute) {
        this(tenantId, apiKeyId, scopes, plan, keyRequestsPerMinute, Optional.empty());
    }

    /** This caller, acting in the request {@code id}. */
    public Caller inRequest(String id) {
        return new Caller(tenantId, apiKeyId, scopes, plan, keyRequestsPerMinute, Optional.of(id));
    }

    /** Refuses with 403 naming the missing scope. */
    public void require(Scope scope) {
        if (!scopes.contains(scope)) {
            throw new PermissionDeniedException("This API key lacks the '" + scope.wireName() + "' scope");
        }
    }

    /** Refuses unless the key holds at least one of the two scopes. */
    public void requireAny(Scope one, Scope other) {
        if (!scopes.contains(one) && !scopes.contains(other)) {
            throw new PermissionDeniedException(
                    "This API key lacks the '" + one.wireName() + "' or '" + other.wireName() + "' scope");
        }
    }
}
