package io.promptengine.application.port.out;

/**
 * A service that runs models: OpenAI, Anthropic, an OpenAI-compatible server, or the built-in {@code local}
 * one.
 *
 * <p>{@link #complete} answers or throws one of: {@code UpstreamException} (the provider failed after retries),
 * {@code DeadlineExceededException} (no answer before the request's deadline), {@code InvalidInputException}
 * (the provider refused the request itself, such as a prompt over the context length).
 */
public interface ModelProvider {

    /** The name used in {@code provider/model} and in {@code /v1/prompt/{uuid}/{provider}}. */
    String name();

    ModelResponse complete(ModelRequest request);
}
