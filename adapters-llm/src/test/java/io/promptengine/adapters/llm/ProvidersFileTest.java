package io.promptengine.adapters.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.adapters.llm.openai.OpenAiModelProvider;
import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.application.port.out.ModelRouter;
import io.promptengine.application.port.out.PriceList.Price;
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
                   "api_key_env": "EU_KEY", "api_version": "2025-01-01"}
                ]}"""), ENV);

        assertThat(entries).extracting(ProvidersFile.Entry::name)
                .containsExactly("groq", "vllm", "claude-eu", "azure-eu");
        ProvidersFile.Entry groq = entries.get(0);
        assertThat(groq.kind()).isEqualTo(ProvidersFile.Kind.OPENAI);
        assertThat(groq.baseUrl()).isEqualTo(URI.create("https://api.groq.com/openai"));
        assertThat(groq.apiKey()).contains("gsk-secret-groq");
        assertThat(groq.modelPrefixes()).containsExactly("llama-");
        assertThat(groq.prices()).containsEntry("llama-3.3-70b-versatile",
                new Price(new BigDecimal("0.59"), new BigDecimal("0.79")));
        assertThat(entries.get(1).apiKey()).isEmpty();
        assertThat(entries.get(3).apiVersion()).contains("2025-01-01");
        assertThat(entries.get(2).provider(Instant::now).name()).isEqualTo("claude-eu");
        assertThat(entries.get(3).provider(Instant::now).name()).isEqualTo("azure-eu");
        assertThat(groq.toString()).doesNotContain("gsk-secret-groq");
    }

    @Test
    void givenMistakes_read_namesTheLineAndField() throws IOException {
        assertProblem("""
                {"providers": [
                  {"name": "ok", "kind": "openai", "base_url": "http://a"},
                  {"name": "bad",
                   "kind": "gemini", "base_url": "http://b"}]}""", "line 3: providers[1].kind: 'gemini' is not one of");
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
                "providers[0].key: unknown field");
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
                "only an azure provider has an API version");
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
        Path file = write(json);
        assertThatThrownBy(() -> ProvidersFile.read(file, ENV)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("The providers file " + file).hasMessageContaining(problem)
                .hasMessageNotContaining("gsk-secret-groq");
    }

    private Path write(String json) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "providers", ".json"), json);
    }

    private static ModelProvider provider(String name) {
        return OpenAiModelProvider.compatible(name, URI.create("http://127.0.0.1:9"), Optional.empty(), Instant::now);
    }
}
