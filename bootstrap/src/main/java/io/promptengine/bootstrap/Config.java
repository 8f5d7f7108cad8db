package io.promptengine.bootstrap;

import io.promptengine.adapters.llm.ProvidersFile;
import io.promptengine.adapters.llm.anthropic.AnthropicModelProvider;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
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
        int dbPoolSize,
        Optional<String> baseDomain,
        Optional<String> anthropicApiKey,
        URI anthropicBaseUrl,
        OpenAiServers openAi,
        ProviderPolicy providerPolicy) {

    static final String DEFAULT_DB_URL = "jdbc:h2:file:./data/prompt-engine";
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
                s.integer("PE_DB_POOL_SIZE", 16, 1, 1_000),
                s.domain("PE_BASE_DOMAIN"),
                s.text("ANTHROPIC_API_KEY"),
                s.url("ANTHROPIC_BASE_URL").orElse(AnthropicModelProvider.DEFAULT_BASE_URL),
                OpenAiServers.from(s),
                ProviderPolicy.from(s));
    }

    /** Every setting, with each secret shown only as set or unset, so a logged config leaks nothing. */
    @Override
    public String toString() {
        return "Config[port=" + port + ", bindHost=" + bindHost + ", dbUrl=" + dbUrl.replaceAll(
                "(?i)(password=)[^&;]*", "$1***") + ", dbUser=" + dbUser.orElse("") + ", dbPassword="
                + secret(dbPassword) + ", demoKey=" + secret(demoKey) + ", demoPlan=" + demoPlan + ", adminKey="
                + secret(adminKey) + ", maxBodyBytes=" + maxBodyBytes + ", workers=" + workers + ", dbPoolSize="
                + dbPoolSize + ", baseDomain=" + baseDomain.orElse("") + ", anthropicApiKey="
                + secret(anthropicApiKey) + ", anthropicBaseUrl=" + anthropicBaseUrl + ", openAi=" + openAi
                + ", providerPolicy=" + providerPolicy + "]";
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

    /** An Azure OpenAI resource: {@code https://{resource}.openai.azure.com}, its key, the API version to ask for. */
    record Azure(URI endpoint, String apiKey, String apiVersion) {

        @Override
        public String toString() {
            return "Azure[endpoint=" + endpoint + ", apiKey=***, apiVersion=" + apiVersion + "]";
        }
    }

    /** A config value that could not be used; the message names the variable and what it accepts. */
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

        private static ProviderPolicy from(Source s) {
            int base = s.integer("PE_PROVIDER_RETRY_BASE_MS", 500, 1, 60_000);
            int max = s.integer("PE_PROVIDER_RETRY_MAX_MS", Math.max(8_000, base), 1, 300_000);
            if (max < base) {
                throw new InvalidConfigException("PE_PROVIDER_RETRY_MAX_MS (" + max
                        + ") must not be below PE_PROVIDER_RETRY_BASE_MS (" + base + ")");
            }
            return new ProviderPolicy(s.integer("PE_PROVIDER_MAX_ATTEMPTS", 3, 1, 10), Duration.ofMillis(base),
                    Duration.ofMillis(max), Duration.ofSeconds(s.integer("PE_PROVIDER_BREAKER_OPEN_SECONDS", 30, 1,
                            3_600)), s.text("PE_PRICES_FILE").map(Path::of), providersFile(s));
        }

        private static List<ProvidersFile.Entry> providersFile(Source s) {
            Optional<Path> file = s.text("PE_PROVIDERS_FILE").map(Path::of);
            try {
                return file.map(path -> ProvidersFile.read(path, s::text)).orElse(List.of());
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException("PE_PROVIDERS_FILE: " + e.getMessage());
            }
        }
    }

    static final class InvalidConfigException extends RuntimeException {
        InvalidConfigException(String message) {
            super(message);
        }
    }

    private record Source(Function<String, Optional<String>> lookup) {

        Optional<String> text(String name) {
            return lookup.apply(name).map(String::strip).filter(v -> !v.isEmpty());
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
