package io.promptengine.adapters.llm.anthropic;

import io.promptengine.adapters.llm.ProviderHttp;
import io.promptengine.adapters.llm.RetryAfter;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.application.port.out.StreamListener;
import io.promptengine.domain.error.UpstreamException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * The provider {@code anthropic}: Anthropic's Messages API, {@code POST {base}/v1/messages} with {@code x-api-key}
 * and {@code anthropic-version: 2023-06-01}. Mapping to and from the wire is {@link AnthropicMessages}.
 *
 * <p>Each call, body included, is bounded by the request's deadline ({@link ProviderHttp}): a call that starts past
 * it, or whose answer is not read before it, is a {@code DeadlineExceededException}. Failures are not retried here:
 * 429, 5xx, 529 and a connection that failed before the answer began are marked {@link UpstreamException#retryable()}
 * with the wait the answer asked for, and the core retries them. A body cut off mid-read is not: Anthropic may have
 * done (and billed) the work. No message this class produces carries the API key.
 */
public final class AnthropicModelProvider implements ModelProvider {

    public static final URI DEFAULT_BASE_URL = URI.create("https://api.anthropic.com");
    static final String API_VERSION = "2023-06-01";
    private static final String NAME = "anthropic";
    /** A Messages answer is a few kilobytes; more than this is not an answer we can use. */
    private static final int MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

    private final String name;
    private final URI messagesUrl;
    private final String apiKey;
    private final Clock clock;
    private final ProviderHttp http;
    private final AnthropicMessages messages = new AnthropicMessages();
    private final Duration streamIdle;

    /** @param baseUrl {@link #DEFAULT_BASE_URL}, or a compatible server or proxy; {@code /v1/messages} is appended */
    public AnthropicModelProvider(URI baseUrl, String apiKey, Clock clock) {
        this(NAME, baseUrl, apiKey, clock);
    }

    /** A Messages API server under its own provider name, such as a proxy's. */
    public AnthropicModelProvider(String name, URI baseUrl, String apiKey, Clock clock) {
        this(name, baseUrl, apiKey, clock, ProviderHttp.DEFAULT_STREAM_IDLE);
    }

    /** @param streamIdle how long a stream may stay silent before it fails ({@code stream_idle_timeout_ms}) */
    public AnthropicModelProvider(String name, URI baseUrl, String apiKey, Clock clock, Duration streamIdle) {
        this.streamIdle = ProviderHttp.streamIdle(streamIdle);
        this.name = Objects.requireNonNull(name, "name");
        String base = Objects.requireNonNull(baseUrl, "baseUrl").toString();
        this.messagesUrl = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                + "/v1/messages");
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = new ProviderHttp("Anthropic", MAX_RESPONSE_BYTES, clock);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ModelResponse stream(ModelRequest request, StreamListener listener) {
        Objects.requireNonNull(listener, "listener");
        AnthropicStream streamed = new AnthropicStream(request.outputSchema().isPresent(), listener);
        ProviderHttp.Answer answer = http.stream(call(request, true).header("accept", "text/event-stream"),
                request.model(), request.deadline(), streamIdle, streamed);
        if (answer.status() < 200 || answer.status() > 299) {
            throw messages.error(answer.status(), new String(answer.body(), StandardCharsets.UTF_8),
                    RetryAfter.of(answer.headers(), clock.now()));
        }
        try {
            return streamed.response();
        } catch (UpstreamException unusable) {
            throw unusable.onAnswer(answer.status());
        }
    }

    private HttpRequest.Builder call(ModelRequest request, boolean stream) {
        return ProviderHttp.request(messagesUrl, request)
                .header("x-api-key", apiKey)
                .header("anthropic-version", API_VERSION)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(messages.requestBody(request, stream),
                        StandardCharsets.UTF_8));
    }

    @Override
    public ModelResponse complete(ModelRequest request) {
        HttpRequest.Builder call = call(request, false);
        ProviderHttp.Answer answer = http.send(call, request.model(), request.deadline());
        String body = new String(answer.body(), StandardCharsets.UTF_8);
        if (answer.status() != 200) {
            throw messages.error(answer.status(), body, RetryAfter.of(answer.headers(), clock.now()));
        }
        try {
            return messages.response(body);
        } catch (UpstreamException unusable) {
            throw unusable.onAnswer(answer.status());
        }
    }
}
