package io.promptengine.application.port.out;

import java.util.List;

/**
 * A service that runs models: OpenAI, Anthropic, an OpenAI-compatible server, or the built-in {@code local}
 * one.
 *
 * <p>{@link #complete} makes one call (retries are the core's, see {@code ProviderCalls}) and answers or throws one
 * of: {@code UpstreamException} (the provider failed; {@code retryable()} when the same call may succeed later,
 * with the wait it asked for), {@code CircuitOpenException} (a breaker refused the call without sending it),
 * {@code DeadlineExceededException} (no answer before the request's deadline), {@code InvalidInputException}
 * (the provider refused the request itself, such as a prompt over the context length).
 */
public interface ModelProvider {

    /** The name used in {@code provider/model} and in {@code /v1/prompt/{uuid}/{provider}}. */
    String name();

    /**
     * The model names this provider is known to serve, quoted in messages that help a caller pick one; empty
     * when it passes any name on to a server that keeps its own list (OpenAI, Anthropic, compatible servers).
     */
    default List<String> models() {
        return List.of();
    }

    ModelResponse complete(ModelRequest request);
}
