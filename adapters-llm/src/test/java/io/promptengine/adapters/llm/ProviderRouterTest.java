package io.promptengine.adapters.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.adapters.llm.local.LocalModelProvider;
import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.application.port.out.ModelRouter.Route;
import io.promptengine.application.port.out.ModelRouter.Routed;
import io.promptengine.application.port.out.ModelRouter.Unroutable;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProviderRouterTest {

    private static final String HOW_TO_CONFIGURE = "Set OPENAI_API_KEY (or OPENAI_BASE_URL for an "
            + "OpenAI-compatible server) to serve gpt-* and o* models, ANTHROPIC_API_KEY for claude-* models, "
            + "or name a configured provider explicitly as provider/model.";

    private final ModelProvider local = new LocalModelProvider(new TokenCounter(), Instant::now);
    private final ModelProvider openAi = new Named("openai");
    private final ModelProvider anthropic = new Named("anthropic");
    private final ModelProvider ollama = new Named("ollama");

    private final ProviderRouter everything = new ProviderRouter(List.of(local, openAi, anthropic, ollama));
    private final ProviderRouter localOnly = new ProviderRouter(List.of(local));

    @Test
    void givenConfiguredProviders_providerNames_listsThemInConfigurationOrder() {
        assertThat(everything.providerNames()).containsExactly("local", "openai", "anthropic", "ollama");
        assertThat(localOnly.providerNames()).containsExactly("local");
    }

    @Test
    void givenProviderPrefix_route_goesToThatProviderWithThePrefixStripped() {
        assertThat(everything.route("local/echo")).isEqualTo(new Routed(local, "echo"));
        assertThat(everything.route("ollama/llama3.2")).isEqualTo(new Routed(ollama, "llama3.2"));
        assertThat(everything.route("openai/gpt-4o")).isEqualTo(new Routed(openAi, "gpt-4o"));
        assertThat(everything.route("anthropic/claude-sonnet-4")).isEqualTo(new Routed(anthropic, "claude-sonnet-4"));
    }

    @Test
    void givenProviderPrefix_route_stripsOnlyTheFirstSegment() {
        assertThat(everything.route("ollama/meta-llama/Llama-3.2")).isEqualTo(new Routed(ollama, "meta-llama/Llama-3.2"));
    }

    @Test
    void givenProviderPrefix_route_overridesTheModelFamily() {
        assertThat(everything.route("ollama/gpt-oss")).isEqualTo(new Routed(ollama, "gpt-oss"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt-4o", "gpt-4.1-mini", "o1", "o3-mini", "o4-mini"})
    void givenOpenAiModel_route_goesToOpenAiUnchanged(String model) {
        assertThat(everything.route(model)).isEqualTo(new Routed(openAi, model));
    }

    @ParameterizedTest
    @ValueSource(strings = {"claude-sonnet-4", "claude-3-5-haiku-latest"})
    void givenClaudeModel_route_goesToAnthropicUnchanged(String model) {
        assertThat(everything.route(model)).isEqualTo(new Routed(anthropic, model));
    }

    @ParameterizedTest
    @ValueSource(strings = {"echo", "echo-invalid"})
    void givenLocalModel_route_goesToLocal(String model) {
        assertThat(localOnly.route(model)).isEqualTo(new Routed(local, model));
    }

    @ParameterizedTest
    @ValueSource(strings = {"omni", "ollama", "o", "llama3.2", "gpt4", "claude", "Echo", ""})
    void givenNameOfNoFamily_route_isUnroutable(String model) {
        assertThat(everything.route(model)).isInstanceOf(Unroutable.class);
    }

    @Test
    void givenOpenAiModelWithoutOpenAi_route_saysHowToConfigureAProvider() {
        assertThat(localOnly.route("gpt-4")).isEqualTo(new Unroutable("No provider is configured for model 'gpt-4'. "
                + HOW_TO_CONFIGURE + " Configured providers: local (models: echo, echo-invalid)."));
    }

    @Test
    void givenClaudeModelWithoutAnthropic_route_saysHowToConfigureAProvider() {
        ProviderRouter router = new ProviderRouter(List.of(local, openAi));

        assertThat(router.route("claude-sonnet-4")).isEqualTo(new Unroutable("No provider is configured for model "
                + "'claude-sonnet-4'. " + HOW_TO_CONFIGURE + " Configured providers: local (models: echo, echo-invalid), openai."));
    }

    @Test
    void givenNameOfNoFamily_route_saysHowToConfigureAProvider() {
        assertThat(localOnly.route("llama3.2")).isEqualTo(new Unroutable("No provider is configured for model "
                + "'llama3.2'. " + HOW_TO_CONFIGURE + " Configured providers: local (models: echo, echo-invalid)."));
    }

    @Test
    void givenUnknownProviderPrefix_route_listsTheConfiguredProviders() {
        assertThat(localOnly.route("ollama/llama3.2")).isEqualTo(new Unroutable("No provider named 'ollama' is "
                + "configured (model 'ollama/llama3.2'). Name one of the configured providers as provider/model."
                + " Configured providers: local (models: echo, echo-invalid)."));
    }

    @ParameterizedTest
    @ValueSource(strings = {"open/gpt-4o", "openaix/gpt-4o", "OpenAI/gpt-4o", "/gpt-4o"})
    void givenPrefixThatOnlyResemblesAProviderName_route_isUnroutable(String model) {
        assertThat(everything.route(model)).isInstanceOf(Unroutable.class);
    }

    @Test
    void givenProviderPrefixWithNoModel_route_isUnroutable() {
        assertThat(everything.route("openai/"))
                .isEqualTo(new Unroutable("Model 'openai/' names provider 'openai' but no model after the slash."));
    }

    @Test
    void givenNoProviders_route_saysNoneAreConfigured() {
        Route route = new ProviderRouter(List.of()).route("echo");

        assertThat(route).isInstanceOfSatisfying(Unroutable.class,
                u -> assertThat(u.reason()).endsWith(" Configured providers: none."));
    }

    @Test
    void givenTwoProvidersOfOneName_construction_isRejected() {
        assertThatThrownBy(() -> new ProviderRouter(List.of(openAi, new Named("openai"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "open/ai"})
    void givenProviderNameBlankOrWithSlash_construction_isRejected(String name) {
        assertThatThrownBy(() -> new ProviderRouter(List.of(new Named(name))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A provider that is only a name: routing never calls it. */
    private record Named(String name) implements ModelProvider {

        @Override
        public ModelResponse complete(ModelRequest request) {
            throw new AssertionError("routing never calls a provider");
        }
    }
}
