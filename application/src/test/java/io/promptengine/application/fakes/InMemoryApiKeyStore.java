package io.promptengine.application.fakes;

import io.promptengine.application.port.out.ApiKeyStore;
import io.promptengine.domain.tenant.ApiKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** API keys by the hash of their secret. Thread-safe. */
public final class InMemoryApiKeyStore implements ApiKeyStore {

    private final Map<String, ApiKey> byHash = new LinkedHashMap<>();

    @Override
    public synchronized void insert(ApiKey key) {
        if (byHash.values().stream().anyMatch(stored -> stored.id().equals(key.id()))) {
            throw new IllegalStateException("api key id " + key.id() + " is already stored");
        }
        if (byHash.containsKey(key.secretHash())) {
            throw new IllegalStateException("a key with this secret is already stored");
        }
        byHash.put(key.secretHash(), key);
    }

    @Override
    public synchronized Optional<ApiKey> findBySecretHash(String secretHash) {
        return Optional.ofNullable(byHash.get(secretHash));
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
}
