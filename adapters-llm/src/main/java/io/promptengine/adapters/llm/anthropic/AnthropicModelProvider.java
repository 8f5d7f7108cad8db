package io.promptengine.adapters.llm.anthropic;

import io.promptengine.adapters.llm.RetryAfter;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.domain.error.DeadlineExceededException;
import io.promptengine.domain.error.UpstreamException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The provider {@code anthropic}: Anthropic's Messages API, {@code POST {base}/v1/messages} with {@code x-api-key}
 * and {@code anthropic-version: 2023-06-01}. Mapping to and from the wire is {@link AnthropicMessages}.
 *
 * <p>Each call is bounded by the request's deadline: the HTTP timeout is the time left, and a call that starts past
 * it, or does not finish before it, is a {@link DeadlineExceededException}. Failures are not retried here: 429, 5xx, 529 and a connection that
 * failed before the answer began are marked {@link UpstreamException#retryable()} with the wait the answer asked
 * for, and the core retries them. A body cut off mid-read is not: Anthropic may have done (and billed) the work. No
 * message this class produces carries the API key.
 */
public final class AnthropicModelProvider implements ModelProvider {

    public static final URI DEFAULT_BASE_URL = URI.create("https://api.anthropic.com");
    static final String API_VERSION = "2023-06-01";
    private static final String NAME = "anthropic";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** A Messages answer is a few kilobytes; more than this is not an answer we can use. */
    private static final int MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

    private final String name;
    private final URI messagesUrl;
    private final String apiKey;
    private final Clock clock;
    private final HttpClient http;
    private final AnthropicMessages messages = new AnthropicMessages();

    /** @param baseUrl {@link #DEFAULT_BASE_URL}, or a compatible server or proxy; {@code /v1/messages} is appended */
    public AnthropicModelProvider(URI baseUrl, String apiKey, Clock clock) {
        this(NAME, baseUrl, apiKey, clock);
    }

    /** A Messages API server under its own provider name, such as a proxy's. */
    public AnthropicModelProvider(String name, URI baseUrl, String apiKey, Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        String base = Objects.requireNonNull(baseUrl, "baseUrl").toString();
        this.messagesUrl = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                + "/v1/messages");
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ModelResponse complete(ModelRequest request) {
        Duration left = Duration.between(clock.now(), request.deadline());
        if (left.isNegative() || left.isZero()) {
            throw late(request);
        }
        HttpRequest call = HttpRequest.newBuilder(messagesUrl)
                .timeout(left)
                .header("x-api-key", apiKey)
                .header("anthropic-version", API_VERSION)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(messages.requestBody(request), StandardCharsets.UTF_8))
                .build();
        HttpResponse<InputStream> response = send(call, request);
        String body = read(response, request);
        if (response.statusCode() != 200) {
            throw messages.error(response.statusCode(), body, RetryAfter.of(response.headers(), clock.now()));
        }
        return messages.response(body);
    }

    private HttpResponse<InputStream> send(HttpRequest call, ModelRequest request) {
        try {
            return http.send(call, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw UpstreamException.transientFailure("Could not connect to Anthropic in time", Optional.empty(), e);
        } catch (HttpTimeoutException e) {
            throw late(request);
        } catch (IOException e) {
            if (!clock.now().isBefore(request.deadline())) {
                throw late(request);
            }
            throw UpstreamException.transientFailure("The connection to Anthropic failed before an answer arrived: "
                    + detail(e), Optional.empty(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamException("The call to Anthropic was interrupted", e);
        }
    }

    private String read(HttpResponse<InputStream> response, ModelRequest request) {
        try (InputStream in = response.body()) {
            byte[] bytes = in.readNBytes(MAX_RESPONSE_BYTES + 1);
            if (bytes.length > MAX_RESPONSE_BYTES) {
                throw new UpstreamException("Anthropic answered more than " + MAX_RESPONSE_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (HttpTimeoutException e) {
            throw late(request);
        } catch (IOException e) {
            if (!clock.now().isBefore(request.deadline())) {
                throw late(request);
            }
            throw new UpstreamException("The connection to Anthropic broke while its answer (HTTP "
                    + response.statusCode() + ") was read: " + detail(e), e);
        }
    }

    private static DeadlineExceededException late(ModelRequest request) {
        return new DeadlineExceededException("Anthropic model '" + request.model()
                + "' did not answer before the deadline");
    }

    /** The exception's own message names the host at most, never a header, so it is safe to quote. */
    private static String detail(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
