package io.promptengine.application.fakes;

import io.promptengine.application.port.out.ApiKeyStore;
import io.promptengine.domain.audit.AuditEvent;
import io.promptengine.domain.error.ConflictException;
import io.promptengine.domain.tenant.ApiKey;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** API keys by the hash of their secret. Thread-safe. */
public final class InMemoryApiKeyStore implements ApiKeyStore {

    private final Map<String, ApiKey> byHash = new LinkedHashMap<>();
    private int recordedUses;

    private final InMemoryAuditEventStore audit;

    /** With an audit trail of its own, which no one else sees. */
    public InMemoryApiKeyStore() {
        this(new InMemoryAuditEventStore());
    }

    /** Appending the audit events of its changes to {@code audit}. */
    public InMemoryApiKeyStore(InMemoryAuditEventStore audit) {
        this.audit = audit;
    }

    @Override
    public synchronized void insert(ApiKey key, Optional<AuditEvent> event) {
        if (byHash.values().stream().anyMatch(stored -> stored.id().equals(key.id()))) {
            throw new IllegalStateException("api key id " + key.id() + " is already stored");
        }
        if (byHash.containsKey(key.secretHash())) {
            throw new ConflictException("This API key already exists");
        }
        byHash.put(key.secretHash(), key);
        event.ifPresent(audit::append);
    }

    @Override
    public synchronized Optional<ApiKey> findBySecretHash(String secretHash) {
        return Optional.ofNullable(byHash.get(secretHash));
    }

    @Override
    public synchronized Optional<ApiKey> find(TenantId tenantId, ApiKeyId id) {
        return byHash.values().stream()
                .filter(key -> key.id().equals(id) && key.tenantId().equals(tenantId))
                .findFirst();
    }

    @Override
    public synchronized List<ApiKey> list(TenantId tenantId) {
        List<ApiKey> keys = new ArrayList<>();
        for (ApiKey key : byHash.values()) {
            if (key.tenantId().equals(tenantId)) {
                keys.add(key);
            }
        }
        keys.sort(Comparator.comparing(ApiKey::createdAt).thenComparing(key -> key.id().value()).reversed());
        return keys;
    }

    @Override
    public synchronized Optional<ApiKey> revoke(TenantId tenantId, ApiKeyId id, Instant at,
            Optional<AuditEvent> event) {
        if (find(tenantId, id).filter(key -> key.revokedAt().isEmpty()).isPresent()) {
            event.ifPresent(audit::append);
        }
        Optional<ApiKey> revoked = find(tenantId, id).map(key -> key.revoke(at));
        revoked.ifPresent(key -> byHash.put(key.secretHash(), key));
        return revoked;
    }

    @Override
    public synchronized void recordUse(ApiKeyId id, Instant at) {
        recordedUses++;
        byHash.replaceAll((hash, key) -> key.id().equals(id) ? key.usedAt(at) : key);
    }

    /** Replaces a stored key, such as with its revoked self. */
    public synchronized void replace(ApiKey key) {
        if (byHash.replace(key.secretHash(), key) == null) {
            throw new IllegalStateException("api key " + key.id() + " is not stored");
        }
    }

    /** Every stored key, in insertion order. */
    public synchronized List<ApiKey> all() {
        return List.copyOf(byHash.values());
    }

    /** How many times {@link #recordUse} was called: each call would be a database write. */
    public synchronized int recordedUses() {
        return recordedUses;
    }
}
