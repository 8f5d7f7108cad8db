package io.promptengine.application.port.out;

import io.promptengine.domain.audit.AuditEvent;
import io.promptengine.domain.tenant.ApiKey;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** API keys, stored as hashes. Looked up on every request, so adapters should make this cheap. */
public interface ApiKeyStore {

    /** Stores a new key; a taken secret hash is a {@code ConflictException}. */
    default void insert(ApiKey key) {
        insert(key, Optional.empty());
    }

    /** Stores a new key and, in the same transaction, the audit event of its creation. */
    void insert(ApiKey key, Optional<AuditEvent> audit);

    /** The key whose secret hashes to {@code secretHash}, revoked and expired ones included. */
    Optional<ApiKey> findBySecretHash(String secretHash);

    /** The tenant's key with that id, revoked and expired ones included; another tenant's key is empty. */
    Optional<ApiKey> find(TenantId tenantId, ApiKeyId id);

    /** Every key of the tenant, revoked and expired ones included, newest first. */
    List<ApiKey> list(TenantId tenantId);

    /**
     * Revokes the tenant's key at {@code at} unless it is revoked already, and returns it as stored afterwards;
     * empty when the tenant has no such key. From the moment this returns, {@link #findBySecretHash} on this
     * instance returns the key revoked: a cache an adapter keeps must not hide the revocation.
     */
    default Optional<ApiKey> revoke(TenantId tenantId, ApiKeyId id, Instant at) {
        return revoke(tenantId, id, at, Optional.empty());
    }

    /**
     * {@link #revoke(TenantId, ApiKeyId, Instant)}, storing the audit event in the same transaction when, and only
     * when, this call revoked the key (not when it was revoked already, nor when there is no such key).
     */
    Optional<ApiKey> revoke(TenantId tenantId, ApiKeyId id, Instant at, Optional<AuditEvent> audit);

    /**
     * Records that the key was used at {@code at}; an earlier time than the recorded one changes nothing, and an
     * unknown id is ignored. Best effort: the last use is a hint for people, so adapters need not make this write
     * survive a crash.
     */
    void recordUse(ApiKeyId id, Instant at);
}
