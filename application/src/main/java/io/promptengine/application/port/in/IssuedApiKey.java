package io.promptengine.application.port.in;

import io.promptengine.domain.tenant.ApiKey;
import io.promptengine.domain.tenant.ApiKeySecret;
import java.util.Objects;

/** A key just made, with its secret: the one answer that shows it. Its {@code toString} shows only the prefix. */
public record IssuedApiKey(ApiKey key, ApiKeySecret secret) {

    public IssuedApiKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(secret, "secret");
    }
}
