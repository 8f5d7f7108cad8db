package io.promptengine.adapters.http;

import io.promptengine.application.port.in.IssuedApiKey;
import io.promptengine.domain.tenant.ApiKey;
import io.promptengine.domain.tenant.Scope;
import java.util.List;

/**
 * The JSON shapes of API keys. Only {@link CreatedApiKeyBody}, the answer to the request that made the key, carries
 * its secret; nothing that reads a key afterwards can, because the secret is not stored.
 */
final class ApiKeyBodies {

    private ApiKeyBodies() {
    }

    record ApiKeyBody(String id, String tenantId, String name, String prefix, List<String> scopes,
            Integer requestsPerMinute, String createdAt, String lastUsedAt, String expiresAt, String revokedAt) {
        static ApiKeyBody of(ApiKey key) {
            return new ApiKeyBody(key.id().value(), key.tenantId().value(), key.name(), key.prefix(), wireScopes(key),
                    key.requestsPerMinute().isPresent() ? key.requestsPerMinute().getAsInt() : null,
                    ExecutionBodies.time(key.createdAt()), ExecutionBodies.time(key.lastUsedAt()),
                    ExecutionBodies.time(key.expiresAt()), ExecutionBodies.time(key.revokedAt()));
        }
    }

    /** 201 of creating a key: the key and, this once, its secret. */
    record CreatedApiKeyBody(String id, String tenantId, String name, String prefix, String secret,
            List<String> scopes, Integer requestsPerMinute, String createdAt, String expiresAt) {
        static CreatedApiKeyBody of(IssuedApiKey issued) {
            ApiKey key = issued.key();
            return new CreatedApiKeyBody(key.id().value(), key.tenantId().value(), key.name(), key.prefix(),
                    issued.secret().reveal(), wireScopes(key),
                    key.requestsPerMinute().isPresent() ? key.requestsPerMinute().getAsInt() : null,
                    ExecutionBodies.time(key.createdAt()), ExecutionBodies.time(key.expiresAt()));
        }
    }

    /** Every key of the tenant, newest first. */
    record ApiKeyListBody(List<ApiKeyBody> data) {
        static ApiKeyListBody of(List<ApiKey> keys) {
            return new ApiKeyListBody(keys.stream().map(ApiKeyBody::of).toList());
        }
    }

    private static List<String> wireScopes(ApiKey key) {
        return key.scopes().stream().sorted().map(Scope::wireName).toList();
    }
}
