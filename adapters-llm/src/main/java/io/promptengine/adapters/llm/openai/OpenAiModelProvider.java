package io.promptengine.adapters.llm.openai;

import io.promptengine.adapters.llm.ProviderHttp;
import io.promptengine.adapters.llm.RetryAfter;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.application.port.out.StreamListener;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.error.UpstreamException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * OpenAI's Chat Completions API ({@code POST {base}/v1/chat/completions}), any server that speaks it (Ollama,
 * vLLM, LM Studio, Groq) at another base URL, or an Azure OpenAI resource
 * ({@code {endpoint}/openai/deployments/{deployment}/chat/completions?api-version=…}).
 *
 * <p>One call, no retries here (the core retries what {@link UpstreamException#retryable()} marks, waiting at
 * least what {@link RetryAfter} read); {@link ProviderHttp} ends it, body included, at the execution's deadline.
 * The API key travels only in its header (none without a key, for local servers) and never into a message: a
 * rejected key is reported as such, and a provider's error text has the key blanked out before it is quoted.
 */
public final class OpenAiModelProvider implements ModelProvider {

    public static final String OPENAI = "openai";
    public static final String AZURE = "azure";
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.openai.com");

    private static final String OPENAI_HOST = "api.openai.com";
    /** OpenAI deprecated max_tokens for chat completions and its o-series refuse it; other servers know max_tokens. */
    private static final String MAX_COMPLETION_TOKENS = "max_completion_tokens";
    private static final String MAX_TOKENS = "max_tokens";
    private static final Pattern DEPLOYMENT = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** A chat answer is text and a little JSON; a reply beyond this is not one. */
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
    private static final int MAX_QUOTED_CHARS = 500;

    private final String name;
    /** How messages name the provider: {@code OpenAI}, {@code Azure OpenAI}, or a compatible server's name. */
    private final String label;
    private final Function<String, URI> endpoint;
    private final String authHeader;
    private final Optional<String> authValue;
    private final Optional<String> apiKey;
    private final String maxTokensField;
    private final Clock clock;
    private final ProviderHttp http;
    private final ChatCompletionsWire wire;
    private final Duration streamIdle;

    private OpenAiModelProvider(String name, Function<String, URI> endpoint, String authHeader,
            Optional<String> authValue, Optional<String> apiKey, String maxTokensField, Clock clock,
            Duration streamIdle) {
        this.streamIdle = streamIdle;
        this.name = Objects.requireNonNull(name, "name");
        this.label = OPENAI.equals(name) ? "OpenAI" : AZURE.equals(name) ? "Azure OpenAI" : name;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.wire = new ChatCompletionsWire(label);
        this.endpoint = endpoint;
        this.authHeader = authHeader;
        this.authValue = authValue;
        this.apiKey = apiKey.filter(key -> !key.isBlank());
        this.maxTokensField = maxTokensField;
        this.http = new ProviderHttp(label, MAX_BODY_BYTES, clock);
    }

    /**
     * The provider {@code openai}: OpenAI itself, or the OpenAI-compatible server at {@code baseUrl}.
     *
     * @param baseUrl the server, with or without a trailing {@code /v1}: {@link #DEFAULT_BASE_URL},
     *     {@code http://localhost:11434/v1}
     * @param apiKey sent as a bearer token when present
     */
    public static OpenAiModelProvider openAi(URI baseUrl, Optional<String> apiKey, Clock clock) {
        return compatible(OPENAI, baseUrl, apiKey, clock);
    }

    /** An OpenAI-compatible server under its own provider name, such as {@code ollama}. */
    public static OpenAiModelProvider compatible(String name, URI baseUrl, Optional<String> apiKey, Clock clock) {
        URI uri = chatCompletions(Objects.requireNonNull(baseUrl, "baseUrl"));
        Objects.requireNonNull(apiKey, "apiKey");
        return new OpenAiModelProvider(name, model -> uri, "Authorization", apiKey.map(key -> "Bearer " + key),
                apiKey, maxTokensField(uri), clock, ProviderHttp.DEFAULT_STREAM_IDLE);
    }

    /**
     * The provider {@code azure}: an Azure OpenAI resource, where the model name of a call is the deployment's
     * name ({@code azure/my-gpt-4o}).
     *
     * @param endpoint the resource, {@code https://{resource}.openai.azure.com}
     */
    public static OpenAiModelProvider azure(URI endpoint, String apiVersion, String apiKey, Clock clock) {
        return azure(AZURE, endpoint, apiVersion, apiKey, clock);
    }

    /** An Azure OpenAI resource under its own provider name, such as a second region's. */
    public static OpenAiModelProvider azure(String name, URI endpoint, String apiVersion, String apiKey,
            Clock clock) {
        String base = withoutTrailingSlashes(Objects.requireNonNull(endpoint, "endpoint").toString());
        String version = URLEncoder.encode(Objects.requireNonNull(apiVersion, "apiVersion"), StandardCharsets.UTF_8);
        Objects.requireNonNull(apiKey, "apiKey");
        return new OpenAiModelProvider(name,
                deployment -> URI.create(base + "/openai/deployments/" + deploymentName(deployment)
                        + "/chat/completions?api-version=" + version),
                "api-key", Optional.of(apiKey), Optional.of(apiKey), MAX_COMPLETION_TOKENS, clock,
                ProviderHttp.DEFAULT_STREAM_IDLE);
    }

    @Override
    public String name() {
        return name;
    }

    /** This provider with streams failed after {@code idle} of silence ({@code stream_idle_timeout_ms}). */
    public OpenAiModelProvider withStreamIdle(Duration idle) {
        return new OpenAiModelProvider(name, endpoint, authHeader, authValue, apiKey, maxTokensField, clock,
                ProviderHttp.streamIdle(idle));
    }

    @Override
    public ModelResponse stream(ModelRequest request, StreamListener listener) {
        Objects.requireNonNull(listener, "listener");
        HttpRequest.Builder call = ProviderHttp.request(endpoint.apply(request.model()), request)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(wire.requestBody(request, maxTokensField, true)));
        authValue.ifPresent(value -> call.header(authHeader, value));
        ChatCompletionsStream streamed = new ChatCompletionsStream(label, listener);
        ProviderHttp.Answer reply = http.stream(call, request.model(), request.deadline(), streamIdle, streamed);
        if (reply.status() < 200 || reply.status() > 299) {
            answer(reply);
        }
        try {
            return streamed.response();
        } catch (UpstreamException unusable) {
            throw unusable.onAnswer(reply.status());
        }
    }

    @Override
    public ModelResponse complete(ModelRequest request) {
        HttpRequest.Builder call = ProviderHttp.request(endpoint.apply(request.model()), request)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(wire.requestBody(request, maxTokensField)));
        authValue.ifPresent(value -> call.header(authHeader, value));
        return answer(http.send(call, request.model(), request.deadline()));
    }

    private ModelResponse answer(ProviderHttp.Answer reply) {
        int status = reply.status();
        if (status >= 200 && status < 300) {
            try {
                return wire.response(reply.body());
            } catch (UpstreamException unusable) {
                throw unusable.onAnswer(status);
            }
        }
        if (status == 401 || status == 403) {
            throw UpstreamException.answered(status, "The configured " + label + " credentials were rejected (HTTP "
                    + status + ")", false, Optional.empty(), null);
        }
        String said = wire.errorMessage(reply.body()).map(this::quotable).orElse("no error message");
        if (status == 400 && wire.errorCode(reply.body()).filter("context_length_exceeded"::equals).isPresent()) {
            throw new InvalidInputException("messages",
                    "The prompt is longer than the model's context window: " + said);
        }
        String failure = label + " answered HTTP " + status + ": " + said;
        if (RetryAfter.isTransient(status)) {
            throw UpstreamException.answered(status, failure, true, RetryAfter.of(reply.headers(), clock.now()), null);
        }
        throw UpstreamException.answered(status, failure, false, Optional.empty(), null);
    }

    /** A provider's error text, cut short and with the key blanked out wherever it appears. */
    private String quotable(String message) {
        String safe = apiKey.filter(key -> !key.isEmpty()).map(key -> message.replace(key, "***")).orElse(message);
        return safe.length() <= MAX_QUOTED_CHARS ? safe : safe.substring(0, MAX_QUOTED_CHARS) + "…";
    }

    /** {@code https://api.openai.com}, {@code …/v1} and {@code …/v1/} all mean the same server. */
    static URI chatCompletions(URI baseUrl) {
        String base = withoutTrailingSlashes(baseUrl.toString());
        if (base.endsWith("/v1")) {
            base = base.substring(0, base.length() - "/v1".length());
        }
        return URI.create(base + "/v1/chat/completions");
    }

    /** A model name that can stand in an Azure URL path; anything else would change the URL, not name a deployment. */
    private static String deploymentName(String model) {
        if (!DEPLOYMENT.matcher(model).matches()) {
            throw new InvalidInputException("model", "Model '" + model + "' is not an Azure deployment name: "
                    + "letters, digits, '.', '_' and '-', at most 64");
        }
        return model;
    }

    /** OpenAI documents {@code max_completion_tokens}; compatible servers know {@code max_tokens}. */
    static String maxTokensField(URI chatCompletions) {
        return OPENAI_HOST.equalsIgnoreCase(chatCompletions.getHost()) ? MAX_COMPLETION_TOKENS : MAX_TOKENS;
    }

    private static String withoutTrailingSlashes(String url) {
        String trimmed = url;
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }
}
