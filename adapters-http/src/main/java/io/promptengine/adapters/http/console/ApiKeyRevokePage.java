package io.promptengine.adapters.http.console;

import io.promptengine.domain.tenant.ApiKey;
import java.util.Objects;

/**
 * Asks before a key is revoked.
 *
 * @param signedInWith whether this session signed in with the key: revoking it ends the session
 */
record ApiKeyRevokePage(Frame frame, ApiKey key, boolean signedInWith) {

    ApiKeyRevokePage {
        Objects.requireNonNull(frame, "frame");
        Objects.requireNonNull(key, "key");
    }
}
