package io.promptengine.application.port.in;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST {endpoint path}}: run the caller's tenant's endpoint at {@code path} on {@code input}.
 *
 * @param hostTenant the tenant the request's host names ({@code acme} of {@code acme.api.example.com}), when the
 *     request came through a tenant subdomain
 * @param promptName the {@code ?prompt=} name; empty runs the endpoint's default prompt
 * @param input the request body, a JSON object
 * @param cacheBypass {@code x-cache-bypass: true}: a fresh model call even when a cached answer exists, whose answer
 *     replaces the cached one
 * @param requestId the request's {@code X-Request-Id}, stored on the execution
 */
public record CallEndpointCommand(
        Caller caller,
        Optional<String> hostTenant,
        String path,
        Optional<String> promptName,
        String input,
        String requestId,
        boolean cacheBypass,
        Optional<String> idempotencyKey) {

    public CallEndpointCommand {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(hostTenant, "hostTenant");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(promptName, "promptName");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }
}
