package io.promptengine.application.port.in;

import io.promptengine.domain.tenant.ApiKey;
import java.util.List;

/**
 * A tenant manages its own API keys; every method needs the {@code manage} scope. Another tenant's key is a 404,
 * exactly like a missing one.
 */
public interface ManageApiKeysUseCase {

    IssuedApiKey create(Caller caller, NewApiKey key);

    /** Every key of the caller's tenant, revoked and expired ones included, newest first. */
    List<ApiKey> list(Caller caller);

    ApiKey get(Caller caller, String keyId);

    /** Revokes at once: the key's next request is refused. Revoking a revoked key changes nothing. */
    ApiKey revoke(Caller caller, String keyId);
}
