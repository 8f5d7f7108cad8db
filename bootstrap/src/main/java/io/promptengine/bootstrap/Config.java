package io.promptengine.bootstrap;

import io.promptengine.adapters.http.ConnectionLimits;
import io.promptengine.adapters.llm.ProvidersFile;
import io.promptengine.adapters.llm.anthropic.AnthropicModelProvider;
import io.promptengine.adapters.llm.spi.ProviderKinds;
import io.promptengine.adapters.persistence.Database;
import io.promptengine.adapters.tracing.opentelemetry.OpenTelemetryTracing;
import io.promptengine.application.service.ConsoleSessionService;
import io.promptengine.domain.webhook.RetrySchedule;
import io.promptengine.domain.webhook.Webhook;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's settings, read once at start from environment variables; a JVM system property of the same name
 * wins over the environment, so {@code java -DPE_PORT=0 -jar …} works. A malformed value stops the start with a
 * message that names the variable: a server that silently falls back to a default is worse than one that does
 * not start.
 */
record Config(
        int port,
        String bindHost,
        String dbUrl,
        Optional<String> dbUser,
        Optional<String> dbPassword,
        Optional<String> demoKey,
        String demoPlan,
        Optional<String> adminKey,
        long maxBodyBytes,
        int workers,
        int queuePollMillis,
        int leaseSeconds,
        int maxAttempts,
        int dbPoolSize,
        Optional<String> baseDomain,
        Optional<String> anthropicApiKey,
        URI anthropicBaseUrl,
        OpenAiServers openAi,
        ProviderPolicy providerPolicy,
        Caching caching,
        Persistence persistence,
        ConnectionLimits connections,
        MetricsSettings metrics,
        Tracing tracing,
        Webhooks webhooks,
        WebhookDelivery webhookDelivery,
        Console console) {

    static final String DEFAULT_DB_URL = "jdbc:h2:file:./data/prompt-engine";
    /** A whole number and its unit; the unit may be left out of 0 only, which is none in every unit. */
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)?");
    private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.?");

    /** Reads the process environment and system properties. */
    static Config fromEnvironment() {
        return from(System.getProperties(), System.getenv());
    }

    /** A system property wins over the environment variable of the same name. */
    static Config from(Properties systemProperties, Map<String, String> environment) {
        return from(name -> Optional.ofNullable(systemProperties.getProperty(name))
                .or(() -> Optional.ofNullable(environment.get(name))));
    }

    static Config from(Function<String, Optional<String>> source) {
        return from(source, ProviderKinds.discovered());
    }

    /** The configuration, with {@code kinds} naming the provider kinds a {@code PE_PROVIDERS_FILE} entry may use. */
    static Config from(Function<String, Optional<String>> source, ProviderKinds kinds) {
        Source s = new Source(source);
        return new Config(
                s.integer("PE_PORT", 7070, 0, 65_535),
                s.text("PE_HOST").orElse("0.0.0.0"),
                s.text("PE_DB_URL").orElse(DEFAULT_DB_URL),
                s.text("PE_DB_USER"),
                s.text("PE_DB_PASSWORD"),
                s.text("PE_DEMO_KEY"),
                s.text("PE_DEMO_PLAN").orElse("free"),
                s.text("PE_ADMIN_KEY"),
                s.integer("PE_MAX_BODY_BYTES", 1_048_576, 1_024, 64 * 1_048_576),
                s.integer("PE_WORKERS", 32, 1, 10_000),
                s.integer("PE_QUEUE_POLL_MS", 250, 10, 60_000),
                s.integer("PE_LEASE_SECONDS", 30, 1, 3_600),
                s.integer("PE_MAX_ATTEMPTS", 3, 1, 100),
                s.integer("PE_DB_POOL_SIZE", 16, 1, 1_000),
                s.domain("PE_BASE_DOMAIN"),
                s.text("ANTHROPIC_API_KEY"),
                s.url("ANTHROPIC_BASE_URL").orElse(AnthropicModelProvider.DEFAULT_BASE_URL),
                OpenAiServers.from(s),
                ProviderPolicy.from(s, kinds),
                Caching.from(s),
                Persistence.from(s, s.text("PE_DB_URL").orElse(DEFAULT_DB_URL)),
                connectionLimits(s),
                MetricsSettings.from(s), Tracing.from(s), Webhooks.from(s), WebhookDelivery.from(s),
                Console.from(s));
    }

    /**
     * How long a client may take to send its request's head ({@code PE_HTTP_HEAD_TIMEOUT}) and body
     * ({@code PE_HTTP_BODY_TIMEOUT}), how long a connection may sit idle ({@code PE_HTTP_IDLE_TIMEOUT}), and how
     * many may be open at once ({@code PE_HTTP_MAX_CONNECTIONS}).
     */
    private static ConnectionLimits connectionLimits(Source s) {
        Duration least = Duration.ofMillis(100);
        return new ConnectionLimits(
                s.duration("PE_HTTP_HEAD_TIMEOUT", ConnectionLimits.DEFAULT_HEAD_TIMEOUT, least, Duration.ofMinutes(10)),
                s.duration("PE_HTTP_BODY_TIMEOUT", ConnectionLimits.DEFAULT_BODY_TIMEOUT, least, Duration.ofHours(1)),
                s.duration("PE_HTTP_IDLE_TIMEOUT", ConnectionLimits.DEFAULT_IDLE_TIMEOUT, least, Duration.ofHours(1)),
                s.integer("PE_HTTP_MAX_CONNECTIONS", ConnectionLimits.DEFAULT_MAX_CONNECTIONS, 1, 1_000_000));
    }

    /** Every setting, with each secret shown only as set or unset, so a logged config leaks nothing. */
    @Override
    public String toString() {
        return "Config[port=" + port + ", bindHost=" + bindHost + ", dbUrl=" + dbUrl.replaceAll(
                "(?i)(password=)[^&;]*", "$1***") + ", dbUser=" + dbUser.orElse("") + ", dbPassword="
                + secret(dbPassword) + ", demoKey=" + secret(demoKey) + ", demoPlan=" + demoPlan + ", adminKey="
                + secret(adminKey) + ", maxBodyBytes=" + maxBodyBytes + ", workers=" + workers + ", queuePollMillis="
                + queuePollMillis + ", leaseSeconds=" + leaseSeconds + ", maxAttempts=" + maxAttempts + ", dbPoolSize="
                + dbPoolSize + ", baseDomain=" + baseDomain.orElse("") + ", anthropicApiKey="
                + secret(anthropicApiKey) + ", anthropicBaseUrl=" + anthropicBaseUrl + ", openAi=" + openAi
                + ", providerPolicy=" + providerPolicy + ", caching=" + caching + ", persistence=" + persistence
                + ", connections=" + connections + ", metrics=" + metrics + ", tracing=" + tracing + ", webhooks="
                + webhooks + ", webhookDelivery=" + webhookDelivery + ", console="
                + console + "]";
    }

    private static String secret(Optional<String> value) {
        return value.isPresent() ? "(set)" : "(unset)";
    }

    /**
     * OpenAI and the servers that speak its API; each one configured turns on one provider: {@code openai} when
     * {@code OPENAI_API_KEY} or {@code OPENAI_BASE_URL} is set, {@code ollama} for {@code OLLAMA_BASE_URL},
     * {@code azure} for {@code AZURE_OPENAI_ENDPOINT} with {@code AZURE_OPENAI_API_KEY}.
     */
    record OpenAiServers(Optional<String> apiKey, Optional<URI> baseUrl, Optional<URI> ollamaBaseUrl,
            Optional<Azure> azure) {

        static final String DEFAULT_AZURE_API_VERSION = "2024-10-21";

        static final OpenAiServers NONE = new OpenAiServers(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());

        private static OpenAiServers from(Source s) {
            Optional<URI> azureEndpoint = s.url("AZURE_OPENAI_ENDPOINT");
            Optional<String> azureKey = s.text("AZURE_OPENAI_API_KEY");
            if (azureEndpoint.isPresent() && azureKey.isEmpty()) {
                throw new InvalidConfigException("AZURE_OPENAI_ENDPOINT is set, so AZURE_OPENAI_API_KEY must be too");
            }
            return new OpenAiServers(s.text("OPENAI_API_KEY"), s.url("OPENAI_BASE_URL"), s.url("OLLAMA_BASE_URL"),
                    azureEndpoint.map(endpoint -> new Azure(endpoint, azureKey.get(),
                            s.text("AZURE_OPENAI_API_VERSION").orElse(DEFAULT_AZURE_API_VERSION))));
        }

        boolean openAiConfigured() {
            return apiKey.isPresent() || baseUrl.isPresent();
        }

        @Override
        public String toString() {
            return "OpenAiServers[apiKey=" + apiKey.map(key -> "***") + ", baseUrl=" + baseUrl + ", ollamaBaseUrl="
                    + ollamaBaseUrl + ", azure=" + azure + "]";
        }
    }

    /**
     * The response cache and idempotency keys: {@code PE_CACHE_TTL_SECONDS} (how long the execute API's sync answers
     * are cached, 0 for not at all; endpoints set their own), {@code PE_CACHE_MAX_BYTES} (the memory cached answers
     * may take) and {@code PE_IDEMPOTENCY_TTL_SECONDS} (how long a key stands for its first request).
     */
    record Caching(Duration responseTtl, long maxBytes, Duration idempotencyTtl) {

        static final Duration DEFAULT_RESPONSE_TTL = Duration.ofMinutes(5);
        static final long DEFAULT_MAX_BYTES = 64L * 1_048_576;
        static final Duration DEFAULT_IDEMPOTENCY_TTL = Duration.ofHours(24);
        static final Caching DEFAULTS = new Caching(DEFAULT_RESPONSE_TTL, DEFAULT_MAX_BYTES, DEFAULT_IDEMPOTENCY_TTL);
        private static final int MAX_TTL_SECONDS = 30 * 24 * 3_600;

        private static Caching from(Source s) {
            return new Caching(
                    Duration.ofSeconds(s.integer("PE_CACHE_TTL_SECONDS", (int) DEFAULT_RESPONSE_TTL.toSeconds(), 0,
                            MAX_TTL_SECONDS)),
                    s.integer("PE_CACHE_MAX_BYTES", (int) DEFAULT_MAX_BYTES, 1_048_576, Integer.MAX_VALUE),
                    Duration.ofSeconds(s.integer("PE_IDEMPOTENCY_TTL_SECONDS",
                            (int) DEFAULT_IDEMPOTENCY_TTL.toSeconds(), 60, MAX_TTL_SECONDS)));
        }
    }

    /**
     * Traces, off unless an OTLP endpoint is set: the standard {@code OTEL_*} variables given to the SDK (the
     * process's own environment reaches it too; these are what the configuration source, such as an embedding
     * host's settings, holds), and whether provider spans carry the prompt and answer text: {@code PE_TRACE_CONTENT}
     * or OpenTelemetry's {@code OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT}, {@code true} or
     * {@code false}, default false.
     */
    record Tracing(Map<String, String> otel, boolean captureContent) {

        /** The variables read from the configuration source and passed on. */
        static final List<String> VARIABLES = List.of("OTEL_EXPORTER_OTLP_ENDPOINT",
                "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL",
                "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_TRACES_HEADERS",
                "OTEL_EXPORTER_OTLP_TIMEOUT", "OTEL_EXPORTER_OTLP_COMPRESSION", "OTEL_EXPORTER_OTLP_CERTIFICATE",
                "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES", "OTEL_TRACES_SAMPLER", "OTEL_TRACES_SAMPLER_ARG",
                "OTEL_PROPAGATORS", "OTEL_BSP_SCHEDULE_DELAY", "OTEL_BSP_MAX_QUEUE_SIZE",
                "OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "OTEL_BSP_EXPORT_TIMEOUT", "OTEL_SDK_DISABLED");

        Tracing {
            otel = Map.copyOf(otel);
        }

        boolean enabled() {
            return OpenTelemetryTracing.configured(otel);
        }

        private static Tracing from(Source s) {
            Map<String, String> otel = new HashMap<>();
            VARIABLES.forEach(name -> s.text(name).ifPresent(value -> otel.put(name, value)));
            Optional<Boolean> content = s.bool("PE_TRACE_CONTENT");
            return new Tracing(otel, content.isPresent() ? content.get()
                    : s.bool(OpenTelemetryTracing.CAPTURE_CONTENT).orElse(false));
        }

        /** The variables by name only: OTLP headers carry a backend's API key. */
        @Override
        public String toString() {
            return "Tracing[variables=" + new TreeSet<>(otel.keySet()) + ", captureContent=" + captureContent + "]";
        }
    }

    /** Where rate limits and token meters are counted. */
    enum RateLimiterStore {
        /** In this instance's memory: exact for one instance, per instance when there are several. */
        MEMORY,
        /** In the database, shared exactly by every instance on it, at a transaction per request. */
        DATABASE
    }

    /**
     * How the server uses its database beyond the connection: how long a request waits for a connection before it
     * is answered 503 ({@code PE_DB_CONNECTION_TIMEOUT}), where limits are counted ({@code PE_RATE_LIMITER}: by
     * default in memory on H2, in the database on PostgreSQL), and how long ended executions are kept
     * ({@code PE_RETENTION}; empty for ever).
     */
    record Persistence(Duration connectionTimeout, RateLimiterStore rateLimiter, Optional<Duration> retention) {

        private static Persistence from(Source s, String dbUrl) {
            Duration timeout = s.duration("PE_DB_CONNECTION_TIMEOUT").orElse(Database.DEFAULT_CONNECTION_TIMEOUT);
            if (timeout.compareTo(Database.MIN_CONNECTION_TIMEOUT) < 0 || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new InvalidConfigException("PE_DB_CONNECTION_TIMEOUT must be from 250ms to 60s, not '"
                        + s.text("PE_DB_CONNECTION_TIMEOUT").orElseThrow() + "'");
            }
            RateLimiterStore limiter = s.text("PE_RATE_LIMITER").map(Persistence::rateLimiter)
                    .orElse(dbUrl.regionMatches(true, 0, "jdbc:postgresql:", 0, 16)
                            ? RateLimiterStore.DATABASE : RateLimiterStore.MEMORY);
            Optional<Duration> retention = s.duration("PE_RETENTION").filter(age -> !age.isZero());
            return new Persistence(timeout, limiter, retention);
        }

        private static RateLimiterStore rateLimiter(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "memory" -> RateLimiterStore.MEMORY;
                case "database" -> RateLimiterStore.DATABASE;
                default -> throw new InvalidConfigException(
                        "PE_RATE_LIMITER must be memory or database, not '" + value + "'");
            };
        }
    }

    /**
     * Webhook delivery: how many delivery workers this instance runs ({@code PE_WEBHOOK_WORKERS}; 0 for none, when
     * other instances deliver), how long an idle worker waits before it looks for due deliveries again
     * ({@code PE_WEBHOOK_POLL_INTERVAL}), the waits between attempts ({@code PE_WEBHOOK_RETRY_SCHEDULE}, durations
     * separated by commas), and how long an endpoint may fail without a success before it is disabled
     * ({@code PE_WEBHOOK_DISABLE_AFTER}). The outbound rules are {@link Webhooks}.
     */
    record WebhookDelivery(int workers, Duration pollInterval, RetrySchedule retrySchedule, Duration disableAfter) {

        static final int DEFAULT_WORKERS = 4;
        static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
        static final WebhookDelivery DEFAULTS = new WebhookDelivery(DEFAULT_WORKERS, DEFAULT_POLL_INTERVAL,
                RetrySchedule.DEFAULT, Webhook.AUTO_DISABLE_AFTER);

        WebhookDelivery {
            Objects.requireNonNull(pollInterval, "pollInterval");
            Objects.requireNonNull(retrySchedule, "retrySchedule");
            Objects.requireNonNull(disableAfter, "disableAfter");
        }

        private static WebhookDelivery from(Source s) {
            RetrySchedule schedule = s.text("PE_WEBHOOK_RETRY_SCHEDULE").map(WebhookDelivery::schedule)
                    .orElse(RetrySchedule.DEFAULT);
            return new WebhookDelivery(s.integer("PE_WEBHOOK_WORKERS", DEFAULT_WORKERS, 0, 256),
                    s.duration("PE_WEBHOOK_POLL_INTERVAL", DEFAULT_POLL_INTERVAL, Duration.ofMillis(10),
                            Duration.ofMinutes(1)), schedule,
                    s.duration("PE_WEBHOOK_DISABLE_AFTER", Webhook.AUTO_DISABLE_AFTER, Duration.ofSeconds(1),
                            Duration.ofDays(365)));
        }

        private static RetrySchedule schedule(String text) {
            Source each = new Source(name -> Optional.of(name));
            try {
                return new RetrySchedule(Arrays.stream(text.split(",")).map(String::strip)
                        .map(delay -> each.duration(delay).orElseThrow()).toList(), RetrySchedule.DEFAULT.jitter());
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException("PE_WEBHOOK_RETRY_SCHEDULE must be positive durations separated by "
                        + "commas, such as 5s,5m,30m,2h; not '" + text + "'");
            }
        }
    }

    /** An Azure OpenAI resource: {@code https://{resource}.openai.azure.com}, its key, the API version to ask for. */
    record Azure(URI endpoint, String apiKey, String apiVersion) {

        @Override
        public String toString() {
            return "Azure[endpoint=" + endpoint + ", apiKey=***, apiVersion=" + apiVersion + "]";
        }
    }

    /**
     * How provider calls fail: attempts per model ({@code PE_PROVIDER_MAX_ATTEMPTS}), the full-jitter backoff's
     * base and cap ({@code PE_PROVIDER_RETRY_BASE_MS}, {@code PE_PROVIDER_RETRY_MAX_MS}), how long a provider's
     * circuit stays open ({@code PE_PROVIDER_BREAKER_OPEN_SECONDS}), the operator's prices ({@code PE_PRICES_FILE})
     * and the providers of {@code PE_PROVIDERS_FILE}, read and checked now, their keys from the same variables.
     */
    record ProviderPolicy(int maxAttempts, Duration retryBase, Duration retryMax, Duration breakerOpenFor,
            Optional<Path> pricesFile, List<ProvidersFile.Entry> providersFile) {

        static final ProviderPolicy DEFAULTS = new ProviderPolicy(3, Duration.ofMillis(500), Duration.ofSeconds(8),
                Duration.ofSeconds(30), Optional.empty(), List.of());

        ProviderPolicy {
            providersFile = List.copyOf(providersFile);
        }

        private static ProviderPolicy from(Source s, ProviderKinds kinds) {
            int base = s.integer("PE_PROVIDER_RETRY_BASE_MS", 500, 1, 60_000);
            int max = s.integer("PE_PROVIDER_RETRY_MAX_MS", Math.max(8_000, base), 1, 300_000);
            if (max < base) {
                throw new InvalidConfigException("PE_PROVIDER_RETRY_MAX_MS (" + max
                        + ") must not be below PE_PROVIDER_RETRY_BASE_MS (" + base + ")");
            }
            return new ProviderPolicy(s.integer("PE_PROVIDER_MAX_ATTEMPTS", 3, 1, 10), Duration.ofMillis(base),
                    Duration.ofMillis(max), Duration.ofSeconds(s.integer("PE_PROVIDER_BREAKER_OPEN_SECONDS", 30, 1,
                            3_600)), s.text("PE_PRICES_FILE").map(Path::of), providersFile(s, kinds));
        }

        private static List<ProvidersFile.Entry> providersFile(Source s, ProviderKinds kinds) {
            Optional<Path> file = s.text("PE_PROVIDERS_FILE").map(Path::of);
            try {
                return file.map(path -> ProvidersFile.read(path, s::text, kinds)).orElse(List.of());
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException("PE_PROVIDERS_FILE: " + e.getMessage());
            }
        }
    }

    /**
     * A config value that could not be used; the message names the variable and what it accepts. An
     * {@link IllegalArgumentException}, as the engine's builder promises a host.
     */
    static final class InvalidConfigException extends IllegalArgumentException {
        InvalidConfigException(String message) {
            super(message);
        }
    }

    /**
     * Metrics at {@code GET /metrics} ({@code PE_METRICS}, on by default), and whether their series carry a
     * {@code tenant} label ({@code PE_METRICS_TENANT_LABEL}, off: a series per tenant is the operator's choice).
     */
    record MetricsSettings(boolean enabled, boolean tenantLabel) {

        static final MetricsSettings DEFAULTS = new MetricsSettings(true, false);

        private static MetricsSettings from(Source s) {
            return new MetricsSettings(s.flag("PE_METRICS", true), s.flag("PE_METRICS_TENANT_LABEL", false));
        }
    }

    /**
     * The outbound rules of webhook deliveries (README, "Outbound safety"): whether plain {@code http} URLs may be
     * used ({@code PE_WEBHOOK_ALLOW_HTTP}, default false), and the hosts that may resolve to loopback and private
     * addresses ({@code PE_WEBHOOK_ALLOW_HOSTS}: host names or IP addresses, comma-separated, matched exactly and
     * in any case; none by default).
     */
    record Webhooks(boolean allowHttp, Set<String> allowHosts) {

        static final Webhooks DEFAULTS = new Webhooks(false, Set.of());
        private static final Pattern IPV6 = Pattern.compile(
                "\\[[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*]|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

        Webhooks {
            allowHosts = Set.copyOf(allowHosts);
        }

        private static Webhooks from(Source s) {
            return new Webhooks(s.flag("PE_WEBHOOK_ALLOW_HTTP", false), allowHosts(s));
        }

        /**
         * {@code PE_WEBHOOK_ALLOW_HOSTS}, in lower case: each entry a host name or an IP address, so that a
         * wildcard, a scheme, a port or an empty entry (the list is matched exactly) stops the start rather than
         * matching nothing.
         */
        private static Set<String> allowHosts(Source s) {
            Set<String> hosts = new TreeSet<>();
            Optional<String> raw = s.text("PE_WEBHOOK_ALLOW_HOSTS");
            if (raw.isPresent()) {
                for (String entry : raw.get().split(",", -1)) {
                    String host = entry.strip().toLowerCase(Locale.ROOT);
                    if (!DOMAIN.matcher(host).matches() && !ipv6(host)) {
                        throw new InvalidConfigException("PE_WEBHOOK_ALLOW_HOSTS must be host names or IP addresses "
                                + "separated by commas, such as receiver.internal,10.0.0.5 (no scheme, port or "
                                + "wildcard); not '" + raw.get() + "'");
                    }
                    hosts.add(host);
                }
            }
            return hosts;
        }

        /** An IPv6 literal, with or without brackets: read as one, which looks nothing up. */
        private static boolean ipv6(String host) {
            if (!IPV6.matcher(host).matches()) {
                return false;
            }
            try {
                return InetAddress.getByName(host) != null;
            } catch (UnknownHostException e) {
                return false;
            }
        }
    }

    /**
     * The console at {@code /console} ({@code PE_CONSOLE}, on by default) and how long its sessions last without a
     * request ({@code PE_CONSOLE_IDLE_TIMEOUT}, 30 minutes; at most the sessions' absolute lifetime of 12 hours).
     */
    record Console(boolean enabled, Duration idleTimeout) {

        static final Console DEFAULTS = new Console(true, ConsoleSessionService.Settings.DEFAULT_IDLE_TIMEOUT);

        private static Console from(Source s) {
            return new Console(s.flag("PE_CONSOLE", true), s.duration("PE_CONSOLE_IDLE_TIMEOUT",
                    ConsoleSessionService.Settings.DEFAULT_IDLE_TIMEOUT, Duration.ofMinutes(1),
                    ConsoleSessionService.Settings.DEFAULT_LIFETIME));
        }

        ConsoleSessionService.Settings sessions() {
            return new ConsoleSessionService.Settings(idleTimeout, ConsoleSessionService.Settings.DEFAULT_LIFETIME);
        }
    }

    private record Source(Function<String, Optional<String>> lookup) {

        boolean flag(String name, boolean defaultValue) {
            Optional<String> raw = text(name);
            if (raw.isEmpty()) {
                return defaultValue;
            }
            return switch (raw.get().toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new InvalidConfigException(name + " must be true or false, not '" + raw.get() + "'");
            };
        }

        Optional<String> text(String name) {
            return lookup.apply(name).map(String::strip).filter(v -> !v.isEmpty());
        }

        /** {@code true} or {@code false}, in any case. */
        Optional<Boolean> bool(String name) {
            Optional<String> raw = text(name);
            if (raw.isPresent() && !raw.get().equalsIgnoreCase("true") && !raw.get().equalsIgnoreCase("false")) {
                throw new InvalidConfigException(name + " must be true or false, not '" + raw.get() + "'");
            }
            return raw.map(Boolean::parseBoolean);
        }

        Optional<String> domain(String name) {
            Optional<String> raw = text(name);
            if (raw.isPresent() && !DOMAIN.matcher(raw.get()).matches()) {
                throw new InvalidConfigException(
                        name + " must be a domain name such as api.example.com, not '" + raw.get() + "'");
            }
            return raw;
        }

        /** An absolute http or https URL, such as a proxy or a compatible server's base. */
        Optional<URI> url(String name) {
            Optional<String> raw = text(name);
            if (raw.isEmpty()) {
                return Optional.empty();
            }
            try {
                URI uri = new URI(raw.get());
                if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                    throw new URISyntaxException(raw.get(), "not an absolute http(s) URL");
                }
                return Optional.of(uri);
            } catch (URISyntaxException e) {
                throw new InvalidConfigException(
                        name + " must be an http or https URL such as https://api.example.com, not '" + raw.get() + "'");
            }
        }

        /** A whole number and a unit: {@code 500ms}, {@code 2s}, {@code 10m}, {@code 12h}, {@code 30d}; or {@code 0}. */
        Optional<Duration> duration(String name) {
            Optional<String> raw = text(name);
            if (raw.isEmpty()) {
                return Optional.empty();
            }
            Matcher parts = DURATION.matcher(raw.get());
            if (!parts.matches() || parts.group(2) == null && Long.parseLong(parts.group(1)) != 0) {
                throw new InvalidConfigException(name + " must be a whole number followed by ms, s, m, h or d, such "
                        + "as 30d, or 0; not '" + raw.get() + "'");
            }
            long amount = Long.parseLong(parts.group(1));
            if (parts.group(2) == null) {
                return Optional.of(Duration.ZERO);
            }
            return Optional.of(switch (parts.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            });
        }

        /** A {@link #duration(String)} from {@code min} to {@code max}, or {@code defaultValue} when unset. */
        Duration duration(String name, Duration defaultValue, Duration min, Duration max) {
            Duration value = duration(name).orElse(defaultValue);
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new InvalidConfigException(name + " must be from " + min.toMillis() + "ms to " + max.toSeconds()
                        + "s, not '" + text(name).orElseThrow() + "'");
            }
            return value;
        }

        int integer(String name, int defaultValue, int min, int max) {
            Optional<String> raw = text(name);
            if (raw.isEmpty()) {
                return defaultValue;
            }
            try {
                int value = Integer.parseInt(raw.get());
                if (value < min || value > max) {
                    throw new NumberFormatException();
                }
                return value;
            } catch (NumberFormatException e) {
                throw new InvalidConfigException(
                        name + " must be a whole number from " + min + " to " + max + ", not '" + raw.get() + "'");
            }
        }
    }
}
