package io.promptengine.bootstrap;

import io.promptengine.domain.prompt.ModelParameters;
import java.util.Objects;
import java.util.Optional;

/**
 * A prompt a host runs in process, as {@code POST /v1/prompt/execute} runs one: {@code input} on {@code model}, with
 * its parameters. Start with {@link #of} and add what differs from the defaults.
 *
 * @param model a model name, routed as over HTTP ({@code echo}, {@code gpt-4o-mini}, {@code provider/model})
 * @param input the prompt text
 * @param idempotencyKey the {@code Idempotency-Key} of the request; see {@link EngineClient} for how it is kept
 * @param cacheBypass call the model even when the response cache holds an answer, as {@code x-cache-bypass: true}
 */
public record PromptRequest(String model, String input, ModelParameters parameters, Optional<String> idempotencyKey,
        boolean cacheBypass) {

    public PromptRequest {
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }

    /** {@code input} on {@code model} with the default parameters, no key, through the cache. */
    public static PromptRequest of(String model, String input) {
        return new PromptRequest(model, input, ModelParameters.DEFAULTS, Optional.empty(), false);
    }

    public PromptRequest withParameters(ModelParameters changed) {
        return new PromptRequest(model, input, changed, idempotencyKey, cacheBypass);
    }

    public PromptRequest withIdempotencyKey(String key) {
        return new PromptRequest(model, input, parameters, Optional.of(key), cacheBypass);
    }

    public PromptRequest bypassingCache() {
        return new PromptRequest(model, input, parameters, idempotencyKey, true);
    }
}
