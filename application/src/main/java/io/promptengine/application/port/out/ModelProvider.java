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
 *
 * <p>{@link #stream} makes the same call with the answer streamed: its text reaches the listener as the model makes
 * it, and the whole answer is returned at the end, with the provider's own final usage. It throws what
 * {@link #complete} throws, also after some text was streamed (an Anthropic {@code error} event mid-stream is an
 * {@code UpstreamException}); the request's deadline bounds the whole stream, not only its first byte, and a
 * provider fails a stream that stays silent past its idle limit.
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

    /**
     * Streams the answer to {@code listener} and returns it whole. A provider that cannot stream answers in one
     * piece: this default makes the call with {@link #complete} and hands its text to the listener at once.
     */
    default ModelResponse stream(ModelRequest request, StreamListener listener) {
        ModelResponse answer = complete(request);
        listener.usage(answer.usage());
        if (!answer.text().isEmpty()) {
            listener.text(answer.text());
        }
        return answer;
    }
}
