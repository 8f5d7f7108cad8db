package io.promptengine.application.port.out;

import io.promptengine.domain.tenant.ApiKey;
import java.util.Optional;

/** API keys, stored as hashes. Looked up on every request, so adapters should make this cheap. */
public interface ApiKeyStore {

    void insert(ApiKey key);

    /** The key whose secret hashes to {@code secretHash}, revoked and expired ones included. */
    Optional<ApiKey> findBySecretHash(String secretHash);
}
