package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.adapters.http.ConnectionLimits;
import io.promptengine.adapters.tracing.opentelemetry.OpenTelemetryTracing;
import io.promptengine.adapters.llm.spi.Setting;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading the settings of PRODUCT.md's configuration table, from a lookup instead of the real environment. */
class ConfigTest {

    @Test
    void givenNothingSet_from_usesTheDocumentedDefaults() {
        Config config = Config.from(name -> Optional.empty());

        assertThat(config.port()).isEqualTo(7070);
        assertThat(config.bindHost()).isEqualTo("0.0.0.0");
        assertThat(config.dbUrl()).isEqualTo("jdbc:h2:file:./data/prompt-engine");
        assertThat(config.dbUser()).isEmpty();
        assertThat(config.dbPassword()).isEmpty();
        assertThat(config.demoKey()).isEmpty();
        assertThat(config.maxBodyBytes()).isEqualTo(1_048_576);
        assertThat(config.workers()).isEqualTo(32);
        assertThat(config.queuePollMillis()).isEqualTo(250);
        assertThat(config.leaseSeconds()).isEqualTo(30);
        assertThat(config.maxAttempts()).isEqualTo(3);
        assertThat(config.baseDomain()).isEmpty();
        assertThat(config.anthropicApiKey()).isEmpty();
        assertThat(config.anthropicBaseUrl()).isEqualTo(URI.create("https://api.anthropic.com"));
        assertThat(config.caching()).isEqualTo(new Config.Caching(Duration.ofMinutes(5), 64L * 1_048_576,
                Duration.ofHours(24)));
        assertThat(config.persistence()).isEqualTo(new Config.Persistence(Duration.ofSeconds(2),
                Config.RateLimiterStore.MEMORY, Optional.empty()));
        assertThat(config.connections()).isEqualTo(new ConnectionLimits(Duration.ofSeconds(10),
                Duration.ofSeconds(30), Duration.ofSeconds(30), 4_096));
    }

    @Test
    void givenPersistenceVariables_from_readsEach() {
        Map<String, String> values = Map.of("PE_DB_CONNECTION_TIMEOUT", "500ms", "PE_RATE_LIMITER", "Database",
                "PE_RETENTION", "30d");

        Config config = Config.from(name -> Optional.ofNullable(values.get(name)));

        assertThat(config.persistence()).isEqualTo(new Config.Persistence(Duration.ofMillis(500),
                Config.RateLimiterStore.DATABASE, Optional.of(Duration.ofDays(30))));
    }

    @ParameterizedTest
    @CsvSource({"jdbc:postgresql://db/pe, ''", "jdbc:postgresql://db/pe, memory", "jdbc:h2:mem:x, database"})
    void givenRateLimiterChoice_from_overridesTheDatabaseDefault(String url, String choice) {
        Map<String, String> values = Map.of("PE_DB_URL", url, "PE_RATE_LIMITER", choice);

        Config.RateLimiterStore store = Config.from(name -> Optional.ofNullable(values.get(name)))
                .persistence().rateLimiter();

        assertThat(store).isEqualTo(choice.isEmpty() ? Config.RateLimiterStore.DATABASE
                : Config.RateLimiterStore.valueOf(choice.toUpperCase(java.util.Locale.ROOT)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0d", ""})
    void givenZeroOrEmptyRetention_from_keepsExecutionsForEver(String retention) {
        Config config = Config.from(name -> Optional.ofNullable(Map.of("PE_RETENTION", retention).get(name)));

        assertThat(config.persistence().retention()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"PE_RETENTION, 30", "PE_RETENTION, 30 days", "PE_RETENTION, -1d", "PE_DB_CONNECTION_TIMEOUT, 100ms",
            "PE_DB_CONNECTION_TIMEOUT, 2m", "PE_RATE_LIMITER, redis"})
    void givenMalformedPersistenceValue_from_failsNamingTheVariable(String name, String value) {
        assertThatThrownBy(() -> Config.from(n -> Optional.ofNullable(Map.of(name, value).get(n))))
                .isInstanceOf(Config.InvalidConfigException.class)
                .hasMessageContaining(name)
                .hasMessageContaining(value);
    }

    @Test
    void givenEveryVariable_from_readsEach() {
        Map<String, String> values = Map.ofEntries(
                Map.entry("PE_PORT", "0"),
                Map.entry("PE_HOST", "127.0.0.1"),
                Map.entry("PE_DB_URL", "jdbc:postgresql://db/pe"),
                Map.entry("PE_DB_USER", "pe"),
                Map.entry("PE_DB_PASSWORD", "secret"),
                Map.entry("PE_DEMO_KEY", "pe_live_demo"),
                Map.entry("PE_DEMO_PLAN", "pro"),
                Map.entry("PE_ADMIN_KEY", "pe_admin_operator"),
                Map.entry("PE_MAX_BODY_BYTES", "2048"),
                Map.entry("PE_WORKERS", "3"),
                Map.entry("PE_QUEUE_POLL_MS", "50"),
                Map.entry("PE_LEASE_SECONDS", "7"),
                Map.entry("PE_MAX_ATTEMPTS", "5"),
                Map.entry("PE_DB_POOL_SIZE", "5"),
                Map.entry("PE_BASE_DOMAIN", "api.example.com"),
                Map.entry("ANTHROPIC_API_KEY", "sk-ant-key"),
                Map.entry("ANTHROPIC_BASE_URL", "http://127.0.0.1:8089"),
                Map.entry("PE_CACHE_TTL_SECONDS", "0"),
                Map.entry("PE_CACHE_MAX_BYTES", "2097152"),
                Map.entry("PE_IDEMPOTENCY_TTL_SECONDS", "3600"),
                Map.entry("PE_HTTP_HEAD_TIMEOUT", "2s"),
                Map.entry("PE_HTTP_BODY_TIMEOUT", "500ms"),
                Map.entry("PE_HTTP_IDLE_TIMEOUT", "1m"),
                Map.entry("PE_HTTP_MAX_CONNECTIONS", "100"));

        Config config = Config.from(name -> Optional.ofNullable(values.get(name)));

        assertThat(config).isEqualTo(new Config(0, "127.0.0.1", "jdbc:postgresql://db/pe", Optional.of("pe"),
                Optional.of("secret"), Optional.of("pe_live_demo"), "pro", Optional.of("pe_admin_operator"), 2048, 3, 50, 7, 5, 5,
                Optional.of("api.example.com"),
                Optional.of("sk-ant-key"), URI.create("http://127.0.0.1:8089"), Config.OpenAiServers.NONE, Config.ProviderPolicy.DEFAULTS,
                new Config.Caching(Duration.ZERO, 2_097_152, Duration.ofHours(1)),
                new Config.Persistence(Duration.ofSeconds(2), Config.RateLimiterStore.DATABASE, Optional.empty()),
                new ConnectionLimits(Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ofMinutes(1), 100),
                Config.MetricsSettings.DEFAULTS, new Config.Tracing(Map.of(), false), Config.Webhooks.DEFAULTS,
                Config.WebhookDelivery.DEFAULTS,
                Config.Console.DEFAULTS));
    }

    @Test
    void givenConsoleVariables_from_readsThem() {
        Map<String, String> values = Map.of("PE_CONSOLE", "false", "PE_CONSOLE_IDLE_TIMEOUT", "2h");

        assertThat(Config.from(name -> Optional.ofNullable(values.get(name))).console())
                .isEqualTo(new Config.Console(false, Duration.ofHours(2)));
        assertThat(Config.from(name -> Optional.empty()).console()).isEqualTo(Config.Console.DEFAULTS);
        assertThatThrownBy(() -> Config.from(name -> name.equals("PE_CONSOLE_IDLE_TIMEOUT") ? Optional.of("13h")
                : Optional.empty())).isInstanceOf(Config.InvalidConfigException.class)
                .hasMessageStartingWith("PE_CONSOLE_IDLE_TIMEOUT must be from");
    }

    @Test
    void givenMetricsVariables_from_readsThem() {
        Map<String, String> values = Map.of("PE_METRICS", "false", "PE_METRICS_TENANT_LABEL", "TRUE");

        assertThat(Config.from(name -> Optional.ofNullable(values.get(name))).metrics())
                .isEqualTo(new Config.MetricsSettings(false, true));
        assertThat(Config.from(name -> Optional.empty()).metrics()).isEqualTo(Config.MetricsSettings.DEFAULTS);
    }

    @Test
    void givenMetricsFlagNeitherTrueNorFalse_from_namesIt() {
        assertThatThrownBy(() -> Config.from(name -> name.equals("PE_METRICS") ? Optional.of("yes") : Optional.empty()))
                .isInstanceOf(Config.InvalidConfigException.class)
                .hasMessage("PE_METRICS must be true or false, not 'yes'");
    }

    @Test
    void givenOtlpEndpointAndContentCapture_from_passesTheVariablesOnAndHidesTheirValues() {
        Map<String, String> values = Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
                "OTEL_EXPORTER_OTLP_HEADERS", "x-api-key=backend-secret", "PE_TRACE_CONTENT", "TRUE",
                "OTEL_UNRELATED_NAME", "ignored");

        Config config = Config.from(name -> Optional.ofNullable(values.get(name)));

        assertThat(config.tracing()).isEqualTo(new Config.Tracing(Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
                "OTEL_EXPORTER_OTLP_HEADERS", "x-api-key=backend-secret"), true));
        assertThat(config.tracing().enabled()).isTrue();
        assertThat(config.toString()).doesNotContain("backend-secret").contains("OTEL_EXPORTER_OTLP_HEADERS");
    }

    @Test
    void givenNoEndpoint_from_leavesTracingOff_andAContentFlagThatIsNoBooleanIsRefused() {
        assertThat(Config.from(name -> Optional.empty()).tracing().enabled()).isFalse();
        assertThat(Config.from(name -> Optional.empty()).tracing().captureContent()).isFalse();
        assertThatThrownBy(() -> Config.from(name -> name.equals(OpenTelemetryTracing.CAPTURE_CONTENT)
                ? Optional.of("yes") : Optional.empty()))
                .isInstanceOf(Config.InvalidConfigException.class)
                .hasMessageContaining(OpenTelemetryTracing.CAPTURE_CONTENT + " must be true or false");
    }

    @Test
    void givenProviderPolicyVariables_from_readsThem() {
        Map<String, String> values = Map.of("PE_PROVIDER_MAX_ATTEMPTS", "5", "PE_PROVIDER_RETRY_BASE_MS", "200",
                "PE_PROVIDER_RETRY_MAX_MS", "2000", "PE_PROVIDER_BREAKER_OPEN_SECONDS", "10",
                "PE_PRICES_FILE", "/etc/pe/prices.json");

        Config.ProviderPolicy policy = Config.from(name -> Optional.ofNullable(values.get(name))).providerPolicy();

        assertThat(policy).isEqualTo(new Config.ProviderPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(2),
                Duration.ofSeconds(10), Optional.of(Path.of("/etc/pe/prices.json")), List.of()));
    }

    @Test
    void givenProvidersFile_from_readsItWithKeysFromTheSameVariables(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("providers.json"), """
                {"providers": [{"name": "groq", "kind": "openai", "base_url": "https://api.groq.com/openai",
                                "api_key_env": "GROQ_API_KEY"}]}""");
        Map<String, String> values = Map.of("PE_PROVIDERS_FILE", file.toString(), "GROQ_API_KEY", "gsk-secret");

        Config config = Config.from(name -> Optional.ofNullable(values.get(name)));

        assertThat(config.providerPolicy().providersFile()).singleElement()
                .satisfies(entry -> assertThat(entry.settings().find(Setting.secretFromEnvironment("api_key_env")))
                        .contains("gsk-secret"));
        assertThat(config.toString()).contains("name=groq").doesNotContain("gsk-secret");
    }

    @Test
    void givenBadProvidersFile_from_stopsWithTheVariableFileLineAndField(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("providers.json"), """
                {"providers": [
                  {"name": "groq", "kind": "openai", "base_url": "https://api.groq.com/openai",
                   "api_key_env": "GROQ_API_KEY"}]}""");

        assertThatThrownBy(() -> Config.from(name -> Optional.ofNullable(
                Map.of("PE_PROVIDERS_FILE", file.toString()).get(name))))
                .isInstanceOf(Config.InvalidConfigException.class)
                .hasMessage("PE_PROVIDERS_FILE: The providers file " + file + ", line 2: providers[0].api_key_env: "
                        + "environment variable GROQ_API_KEY is not set");
    }

    @Test
    void givenNoProviderPolicyVariables_from_usesTheDefaults() {
        assertThat(Config.from(name -> Optional.empty()).providerPolicy()).isEqualTo(Config.ProviderPolicy.DEFAULTS);
    }

    @Test
    void givenBadProviderPolicy_from_namesTheVariable() {
        assertThatThrownBy(() -> Config.from(name -> Optional.ofNullable(
                Map.of("PE_PROVIDER_MAX_ATTEMPTS", "0").get(name))))
                .hasMessageContaining("PE_PROVIDER_MAX_ATTEMPTS must be a whole number from 1 to 10");
        assertThatThrownBy(() -> Config.from(name -> Optional.ofNullable(
                Map.of("PE_PROVIDER_RETRY_BASE_MS", "1000", "PE_PROVIDER_RETRY_MAX_MS", "500").get(name))))
                .hasMessageContaining("PE_PROVIDER_RETRY_MAX_MS (500) must not be below PE_PROVIDER_RETRY_BASE_MS");
    }

    @Test
    void givenBlankOrPaddedValues_from_stripsThemAndTreatsBlankAsUnset() {
        Map<String, String> values = Map.of("PE_PORT", " 8080 ", "PE_DEMO_KEY", "  ", "PE_WORKERS", "");

        Config config = Config.from(name -> Optional.ofNullable(values.get(name)));

        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.demoKey()).isEmpty();
        assertThat(config.workers()).isEqualTo(32);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://api.example.com", "api.example.com:443", "api..example.com", "*.example.com"})
    void givenBaseDomainThatIsNoDomainName_from_failsNamingTheVariable(String value) {
        assertThatThrownBy(() -> Config.from(name -> name.equals("PE_BASE_DOMAIN") ? Optional.of(value)
                : Optional.empty()))
                .isInstanceOf(Config.InvalidConfigException.class)
                .hasMessage("PE_BASE_DOMAIN must be a domain name such as api.example.com, not '" + value + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"api.anthropic.com", "ftp://proxy.example.com", "http://", "http://bad host"})
    void givenAnthropicBaseUrlThatIsNoHttpUrl_from_failsNamingTheVariable(String value) {
        assertThatThrownBy(() -> Config.from(name -> name.equals("ANTHROPIC_BASE_URL") ? Optional.of(value)
                : Optional.empty()))
                .isInstanceOf(Config.InvalidConfigException.class)
                .hasMessageStartingWith("ANTHROPIC_BASE_URL must be an http or https URL");
    }

    @ParameterizedTest
    @CsvSource({
        "PE_PORT, http",
        "PE_PORT, 65536",
        "PE_PORT, -1",
        "PE_WORKERS, 0",
        "PE_WORKERS, many",
        "PE_WORKERS, 2.5",
        "PE_QUEUE_POLL_MS, 5",
        "PE_LEASE_SECONDS, 0",
        "PE_MAX_ATTEMPTS, 0",
        "PE_MAX_BODY_BYTES, 1MB",
        "PE_MAX_BODY_BYTES, 0",
        "PE_MAX_BODY_BYTES, 99999999999",
        "PE_CACHE_TTL_SECONDS, -1",
        "PE_CACHE_TTL_SECONDS, 5m",
        "PE_CACHE_TTL_SECONDS, 2592001",
        "PE_CACHE_MAX_BYTES, 1024",
        "PE_IDEMPOTENCY_TTL_SECONDS, 0",
        "PE_IDEMPOTENCY_TTL_SECONDS, 24h",
        "PE_HTTP_HEAD_TIMEOUT, 10",
        "PE_HTTP_HEAD_TIMEOUT, 50ms",
        "PE_HTTP_BODY_TIMEOUT, 2h",
        "PE_HTTP_IDLE_TIMEOUT, 0",
        "PE_HTTP_MAX_CONNECTIONS, 0",
    })
    void givenMalformedNumber_from_failsNamingTheVariable(String variable, String value) {
        assertThatThrownBy(() -> Config.from(name -> name.equals(variable) ? Optional.of(value) : Optional.empty()))
                .isInstanceOf(Config.InvalidConfigException.class)
                .hasMessageContaining(variable)
                .hasMessageContaining(value);
    }

    @Test
    void givenSystemPropertyAndEnvironment_from_systemPropertyWins() {
        Properties properties = new Properties();
        properties.setProperty("PE_PORT", "9090");

        Config config = Config.from(properties, Map.of("PE_PORT", "8080", "PE_WORKERS", "4"));

        assertThat(config.port()).isEqualTo(9090);
        assertThat(config.workers()).isEqualTo(4);
    }

    @Test
    void givenSecrets_toString_showsOnlyWhetherTheyAreSet() {
        Map<String, String> values = Map.of("PE_DB_PASSWORD", "db-secret-1", "PE_DEMO_KEY", "pe_live_secret-2",
                "PE_ADMIN_KEY", "pe_admin_secret-3", "ANTHROPIC_API_KEY", "sk-ant-secret-4",
                "PE_DB_URL", "jdbc:postgresql://db/pe?user=pe&password=url-secret-5");

        String shown = Config.from(name -> Optional.ofNullable(values.get(name))).toString();

        assertThat(shown).doesNotContain("secret").contains("dbPassword=(set)", "adminKey=(set)", "password=***");
    }

    @Test
    void givenOpenAiServers_from_readsEachAndHidesTheKeys() {
        Map<String, String> values = Map.of("OPENAI_API_KEY", "sk-secret", "OPENAI_BASE_URL", "http://vllm:8000/v1",
                "OLLAMA_BASE_URL", "http://localhost:11434", "AZURE_OPENAI_ENDPOINT", "https://acme.openai.azure.com",
                "AZURE_OPENAI_API_KEY", "azure-secret");

        Config.OpenAiServers servers = Config.from(name -> Optional.ofNullable(values.get(name))).openAi();

        assertThat(servers).isEqualTo(new Config.OpenAiServers(Optional.of("sk-secret"),
                Optional.of(URI.create("http://vllm:8000/v1")), Optional.of(URI.create("http://localhost:11434")),
                Optional.of(new Config.Azure(URI.create("https://acme.openai.azure.com"), "azure-secret",
                        Config.OpenAiServers.DEFAULT_AZURE_API_VERSION))));
        assertThat(servers.openAiConfigured()).isTrue();
        assertThat(servers.toString()).doesNotContain("sk-secret").doesNotContain("azure-secret");
    }

    @Test
    void givenNoOpenAiVariable_from_configuresNoOpenAiServer() {
        assertThat(Config.from(name -> Optional.empty()).openAi()).isEqualTo(Config.OpenAiServers.NONE);
        assertThat(Config.OpenAiServers.NONE.openAiConfigured()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:11434", "ftp://example.com", "http://", "not a url"})
    void givenBaseUrlThatIsNoHttpUrl_from_failsNamingTheVariable(String value) {
        assertThatThrownBy(() -> Config.from(name -> name.equals("OPENAI_BASE_URL") ? Optional.of(value)
                : Optional.empty()))
                .isInstanceOf(Config.InvalidConfigException.class)
                .hasMessageStartingWith("OPENAI_BASE_URL must be an http or https URL");
    }

    @Test
    void givenAzureEndpointWithoutKey_from_fails() {
        assertThatThrownBy(() -> Config.from(name -> name.equals("AZURE_OPENAI_ENDPOINT")
                ? Optional.of("https://acme.openai.azure.com") : Optional.empty()))
                .isInstanceOf(Config.InvalidConfigException.class)
                .hasMessageContaining("AZURE_OPENAI_API_KEY");
    }
}
