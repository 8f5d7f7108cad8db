package io.promptengine.application.port.out;

import io.promptengine.domain.tenant.ApiKey;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** API keys, stored as hashes. Looked up on every request, so adapters should make this cheap. */
public interface ApiKeyStore {

    /** Stores a new key; a taken secret hash is a {@code ConflictException}. */
    void insert(ApiKey key);

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
    Optional<ApiKey> revoke(TenantId tenantId, ApiKeyId id, Instant at);

    /**
     * Records that the key was used at {@code at}; an earlier time than the recorded one changes nothing, and an
     * unknown id is ignored. Best effort: the last use is a hint for people, so adapters need not make this write
     * survive a crash.
     */
    void recordUse(ApiKeyId id, Instant at);
}
