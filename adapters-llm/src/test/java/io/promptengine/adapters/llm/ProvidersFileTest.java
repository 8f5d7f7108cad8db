package io.promptengine.adapters.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.adapters.llm.openai.OpenAiModelProvider;
import io.promptengine.adapters.llm.spi.ModelProviderFactory;
import io.promptengine.adapters.llm.spi.ProviderKinds;
import io.promptengine.adapters.llm.spi.ProviderSettings;
import io.promptengine.adapters.llm.spi.Setting;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.application.port.out.ModelRouter;
import io.promptengine.application.port.out.PriceList.Price;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import io.promptengine.domain.prompt.Message;
import io.promptengine.domain.prompt.ModelParameters;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvidersFileTest {

    private static final Function<String, Optional<String>> ENV = name -> Optional.ofNullable(
            Map.of("GROQ_API_KEY", "gsk-secret-groq", "EU_KEY", "sk-ant-secret-eu").get(name));

    private static final Setting<URI> BASE_URL = Setting.url("base_url");
    private static final Setting<String> API_KEY = Setting.secretFromEnvironment("api_key_env");

    @TempDir
    Path dir;

    @Test
    void givenValidFile_read_returnsEveryEntryWithItsKeyFromTheEnvironment() throws IOException {
        List<ProvidersFile.Entry> entries = ProvidersFile.read(write("""
                {"providers": [
                  {"name": "groq", "kind": "openai", "base_url": "https://api.groq.com/openai",
                   "api_key_env": "GROQ_API_KEY", "model_prefixes": ["llama-"],
                   "prices": {"llama-3.3-70b-versatile": {"input_per_million": 0.59, "output_per_million": 0.79}}},
                  {"name": "vllm", "kind": "openai", "base_url": "http://gpu-box:8000"},
                  {"name": "claude-eu", "kind": "anthropic", "base_url": "https://proxy.internal",
                   "api_key_env": "EU_KEY"},
                  {"name": "azure-eu", "kind": "azure", "base_url": "https://eu.openai.azure.com",
                   "api_key_env": "EU_KEY", "api_version": "2025-01-01"},
                  {"name": "offline", "kind": "local"}
                ]}"""), ENV);

        assertThat(entries).extracting(ProvidersFile.Entry::name)
                .containsExactly("groq", "vllm", "claude-eu", "azure-eu", "offline");
        assertThat(entries).extracting(ProvidersFile.Entry::kind)
                .containsExactly("openai", "openai", "anthropic", "azure", "local");
        ProvidersFile.Entry groq = entries.get(0);
        assertThat(groq.settings().find(BASE_URL)).contains(URI.create("https://api.groq.com/openai"));
        assertThat(groq.settings().find(API_KEY)).contains("gsk-secret-groq");
        assertThat(groq.modelPrefixes()).containsExactly("llama-");
        assertThat(groq.prices()).containsEntry("llama-3.3-70b-versatile",
                new Price(new BigDecimal("0.59"), new BigDecimal("0.79")));
        assertThat(entries.get(1).settings().find(API_KEY)).isEmpty();
        assertThat(entries.get(3).settings().find(Setting.text("api_version"))).contains("2025-01-01");
        assertThat(entries).extracting(entry -> entry.provider(Instant::now).name())
                .containsExactly("groq", "vllm", "claude-eu", "azure-eu", "offline");
        assertThat(entries.get(4).provider(Instant::now).complete(request("echo")).text()).isEqualTo("Hi");
        assertThat(groq.toString()).contains("kind=openai").doesNotContain("gsk-secret-groq");
    }

    @Test
    void givenStreamSettings_read_givesTheProvidersTheirIdleLimitAndPace() throws IOException {
        try (SseStub stub = new SseStub()) {
            stub.streaming("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n", 100,
                    SseStub.Then.STALL);
            List<ProvidersFile.Entry> entries = ProvidersFile.read(write("""
                    {"providers": [
                      {"name": "vllm", "kind": "openai", "base_url": "%s", "stream_idle_timeout_ms": 300},
                      {"name": "paced", "kind": "local", "stream_pace_ms": 0}
                    ]}""".formatted(stub.baseUrl())), ENV);

            assertThatThrownBy(() -> entries.get(0).provider(Instant::now).stream(request("m"), delta -> { }))
                    .isInstanceOf(io.promptengine.domain.error.UpstreamException.class)
                    .hasMessageContaining("went silent for 0.3 s");
            List<String> heard = new java.util.ArrayList<>();
            assertThat(entries.get(1).provider(Instant::now).stream(request("echo"), heard::add).text())
                    .isEqualTo("Hi");
            assertThat(heard).containsExactly("Hi");
        }
    }

    @Test
    void givenKindAddedBesideTheBuiltIns_read_checksItsSettingsAndItsFactoryMakesTheProvider() throws IOException {
        ProviderKinds kinds = ProviderKinds.discovered().with(List.of(new CannedFactory()));

        List<ProvidersFile.Entry> entries = ProvidersFile.read(write("""
                {"providers": [{"name": "canned-1", "kind": "canned", "answer": "Always this.", "tokens": 3,
                                "model_prefixes": ["can-"]}]}"""), ENV, kinds);

        ProvidersFile.Entry canned = entries.get(0);
        assertThat(canned.kind()).isEqualTo("canned");
        assertThat(canned.modelPrefixes()).containsExactly("can-");
        ModelResponse answer = canned.provider(Instant::now).complete(request("can-1"));
        assertThat(answer.text()).isEqualTo("Always this.");
        assertThat(answer.usage()).isEqualTo(new Usage(3, 3));
    }

    @Test
    void givenMistakesInAnAddedKindsEntry_read_namesTheLineAndFieldAsForABuiltIn() throws IOException {
        ProviderKinds kinds = ProviderKinds.discovered().with(List.of(new CannedFactory()));

        assertProblem("""
                {"providers": [
                  {"name": "c", "kind": "canned", "tokens": 3}]}""", kinds,
                "line 2: providers[0].answer: required for kind canned");
        assertProblem("""
                {"providers": [
                  {"name": "c", "kind": "canned",
                   "answer": "x", "tokens": "three"}]}""", kinds, "line 2: providers[0].tokens: must be a whole number");
        assertProblem("""
                {"providers": [{"name": "c", "kind": "canned", "answer": "x", "base_url": "http://a"}]}""", kinds,
                "providers[0].base_url: unknown field for kind canned; its fields are name, kind, model_prefixes, "
                        + "prices, answer, tokens; only kinds anthropic, azure, openai read base_url");
        assertProblem("""
                {"providers": [{"name": "c", "kind": "cannned", "answer": "x"}]}""", kinds,
                "providers[0].kind: 'cannned' is not one of the kinds found: anthropic, azure, canned, local, openai");
    }

    @Test
    void givenFactoryThatNamesItsProviderOtherwise_provider_refusesIt() throws IOException {
        ProviderKinds kinds = ProviderKinds.of(List.of(new CannedFactory() {
            @Override
            public ModelProvider create(String name, ProviderSettings settings, Clock clock) {
                return super.create("not-" + name, settings, clock);
            }
        }));
        ProvidersFile.Entry entry = ProvidersFile.read(write("""
                {"providers": [{"name": "c", "kind": "canned", "answer": "x"}]}"""), ENV, kinds).get(0);

        assertThatThrownBy(() -> entry.provider(Instant::now)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("made a provider named 'not-c' for the entry named 'c'");
    }

    @Test
    void givenMistakes_read_namesTheLineAndField() throws IOException {
        assertProblem("""
                {"providers": [
                  {"name": "ok", "kind": "openai", "base_url": "http://a"},
                  {"name": "bad",
                   "kind": "gemini", "base_url": "http://b"}]}""",
                "line 3: providers[1].kind: 'gemini' is not one of the kinds found: anthropic, azure, local, openai");
        assertProblem("""
                {"providers": [{"name": "x", "kind": "anthropic", "base_url": "http://a"}]}""",
                "providers[0].api_key_env: required for kind anthropic");
        assertProblem("""
                {"providers": [{"name": "x", "kind": "openai", "base_url": "http://a", "api_key_env": "NOT_SET"}]}""",
                "environment variable NOT_SET is not set");
        assertProblem("""
                {"providers": [{"name": "x", "kind": "openai", "base_url": "http://a", "api_key_env": "sk-123 abc"}]}""",
                "the key itself never goes in the file");
        assertProblem("""
                {"providers": [{"name": "openai", "kind": "openai", "base_url": "http://a"}]}""", "is reserved");
        assertProblem("""
                {"providers": [{"name": "x", "kind": "openai", "base_url": "ftp://a"}]}""",
                "providers[0].base_url: 'ftp://a' is not an http or https URL");
        assertProblem("""
                {"providers": [{"name": "x", "kind": "openai", "base_url": "http://a", "key": "sk"}]}""",
                "providers[0].key: unknown field for kind openai");
        assertProblem("""
                {"providers": [{"name": "x", "kind": "openai", "base_url": "http://a"},
                               {"name": "x", "kind": "openai", "base_url": "http://b"}]}""", "names two providers");
        assertProblem("""
                {"providers": [{"name": "x", "kind": "openai", "base_url": "http://a", "model_prefixes": ["m-"]},
                               {"name": "y", "kind": "openai", "base_url": "http://b", "model_prefixes": ["m-"]}]}""",
                "'m-' is also a prefix of provider 'x'");
        assertProblem("""
                {"providers": [{"name": "x", "kind": "openai", "base_url": "http://a",
                  "prices": {"m": {"input_per_million": -1, "output_per_million": 1}}}]}""",
                "providers[0].prices: 'm'.input_per_million must be a number");
        assertProblem("""
                {"providers": [{"name": "x", "kind": "openai", "api_version": "1", "base_url": "http://a"}]}""",
                "providers[0].api_version: unknown field for kind openai; its fields are name, kind, model_prefixes, "
                        + "prices, base_url, api_key_env, stream_idle_timeout_ms; only kind azure reads api_version");
        assertProblem("""
                {"providers": [{"name": "x", "kind": "openai", "base_url": "http://a", "stream_idle_timeout_ms": 50}]}""",
                "providers[0].stream_idle_timeout_ms: must be from 100 to 600000");
        assertProblem("""
                {"providers": [{"name": "x", "kind": "local", "stream_pace_ms": 10001}]}""",
                "providers[0].stream_pace_ms: must be from 0 to 10000");
        assertProblem("{\"providers\": {}}", "must be a JSON object with one field");
        assertProblem("{\"providers\": [\n{,}]}", "not valid JSON");
    }

    @Test
    void givenModelPrefixes_theRouter_sendsBareModelNamesToTheirProvider() {
        ModelRouter router = new ProviderRouter(List.of(provider("groq"), provider("openai")), Map.of("llama-", "groq", "llama-guard", "openai"));

        assertThat(router.route("llama-3.3-70b").orElseThrow(IllegalStateException::new).provider().name())
                .isEqualTo("groq");
        assertThat(router.route("llama-guard-3").orElseThrow(IllegalStateException::new).provider().name())
                .isEqualTo("openai");
        assertThat(router.route("gpt-4o").orElseThrow(IllegalStateException::new).provider().name())
                .isEqualTo("openai");
        assertThat(router.route("mistral-large")).isInstanceOf(ModelRouter.Unroutable.class);
    }

    private void assertProblem(String json, String problem) throws IOException {
        assertProblem(json, ProviderKinds.discovered(), problem);
    }

    private void assertProblem(String json, ProviderKinds kinds, String problem) throws IOException {
        Path file = write(json);
        assertThatThrownBy(() -> ProvidersFile.read(file, ENV, kinds)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("The providers file " + file).hasMessageContaining(problem)
                .hasMessageNotContaining("gsk-secret-groq");
    }

    private Path write(String json) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "providers", ".json"), json);
    }

    private static ModelRequest request(String model) {
        return new ModelRequest(model, List.of(Message.user("Hi")), ModelParameters.DEFAULTS,
                Instant.now().plusSeconds(60));
    }

    /** A kind from outside adapters-llm's own list: one fixed answer, at a fixed token count. */
    private static class CannedFactory implements ModelProviderFactory {

        static final Setting<String> ANSWER = Setting.text("answer").required();
        static final Setting<Long> TOKENS = Setting.wholeNumber("tokens");

        @Override
        public String kind() {
            return "canned";
        }

        @Override
        public List<Setting<?>> settings() {
            return List.of(ANSWER, TOKENS);
        }

        @Override
        public ModelProvider create(String name, ProviderSettings settings, Clock clock) {
            String answer = settings.get(ANSWER);
            long tokens = settings.find(TOKENS).orElse(1L);
            return new ModelProvider() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public ModelResponse complete(ModelRequest request) {
                    return new ModelResponse(answer, new Usage(tokens, tokens), FinishReason.STOP);
                }
            };
        }
    }

    private static ModelProvider provider(String name) {
        return OpenAiModelProvider.compatible(name, URI.create("http://127.0.0.1:9"), Optional.empty(), Instant::now);
    }
}
