package io.promptengine.application.service;

import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.IssuedApiKey;
import io.promptengine.application.port.in.ManageApiKeysUseCase;
import io.promptengine.application.port.in.NewApiKey;
import io.promptengine.application.port.out.ApiKeyStore;
import io.promptengine.application.port.out.Clock;
import io.promptengine.domain.audit.AuditAction;
import io.promptengine.domain.error.NotFoundException;
import io.promptengine.domain.tenant.ApiKey;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.Scope;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A tenant's own keys, with the {@code manage} scope. Every lookup is scoped to the caller's tenant. */
public final class ApiKeyService implements ManageApiKeysUseCase {

    private static final int MAX_ID_LENGTH = 64;

    private final ApiKeyStore keys;
    private final Clock clock;
    private final KeyIssuer issuer;
    private final AuditTrail audit;

    public ApiKeyService(ApiKeyStore keys, KeyIssuer issuer, AuditTrail audit, Clock clock) {
        this.keys = keys;
        this.clock = clock;
        this.issuer = issuer;
        this.audit = audit;
    }

    @Override
    public IssuedApiKey create(Caller caller, NewApiKey key) {
        caller.require(Scope.MANAGE);
        return issuer.issue(caller.tenantId(), key,
                (issued, changes) -> audit.byKey(caller, AuditAction.API_KEY_CREATED, issued.id().value(), changes));
    }

    @Override
    public List<ApiKey> list(Caller caller) {
        caller.require(Scope.MANAGE);
        return keys.list(caller.tenantId());
    }

    @Override
    public ApiKey get(Caller caller, String keyId) {
        caller.require(Scope.MANAGE);
        return id(keyId).flatMap(id -> keys.find(caller.tenantId(), id)).orElseThrow(() -> notFound(keyId));
    }

    @Override
    public ApiKey revoke(Caller caller, String keyId) {
        caller.require(Scope.MANAGE);
        Instant now = clock.now();
        return id(keyId).flatMap(id -> keys.revoke(caller.tenantId(), id, now, Optional.of(audit.byKey(caller,
                        AuditAction.API_KEY_REVOKED, id.value(),
                        new Changes().changed("revoked_at", Changes.NONE, now.toString())))))
                .orElseThrow(() -> notFound(keyId));
    }

    /** A key id, or nothing for a value no key can have: answered 404 without a lookup. */
    private static Optional<ApiKeyId> id(String keyId) {
        if (keyId == null || keyId.isBlank() || keyId.length() > MAX_ID_LENGTH) {
            return Optional.empty();
        }
        return Optional.of(new ApiKeyId(keyId));
    }

    private static NotFoundException notFound(String keyId) {
        return new NotFoundException("API key '" + keyId + "' not found");
    }
}
