package io.promptengine.bootstrap;

import java.util.Objects;
import java.util.Optional;

/**
 * A call of one of the tenant's endpoints in process, as a {@code POST} to its path runs it over HTTP. Start with
 * {@link #of} and add what differs from the defaults.
 *
 * @param path the endpoint's path, such as {@code /api/v1/summarize}
 * @param input the request body as plain Java values: a {@code Map} with {@code String} keys whose values are maps,
 *     lists, strings, numbers, booleans or {@code null}; checked against the endpoint's input schema
 * @param promptName the {@code ?prompt=} name; empty runs the endpoint's default prompt
 * @param cacheBypass a fresh model call even when the endpoint's cache holds an answer ({@code x-cache-bypass})
 * @param idempotencyKey the {@code Idempotency-Key} of the call; see {@link EngineClient} for how it is kept
 */
public record EndpointCall(String path, Object input, Optional<String> promptName, boolean cacheBypass,
        Optional<String> idempotencyKey) {

    public EndpointCall {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(promptName, "promptName");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }

    /** {@code input} to the endpoint at {@code path}, its default prompt, through its cache, with no key. */
    public static EndpointCall of(String path, Object input) {
        return new EndpointCall(path, input, Optional.empty(), false, Optional.empty());
    }

    public EndpointCall withPrompt(String name) {
        return new EndpointCall(path, input, Optional.of(name), cacheBypass, idempotencyKey);
    }

    public EndpointCall withIdempotencyKey(String key) {
        return new EndpointCall(path, input, promptName, cacheBypass, Optional.of(key));
    }

    public EndpointCall bypassingCache() {
        return new EndpointCall(path, input, promptName, true, idempotencyKey);
    }
}
