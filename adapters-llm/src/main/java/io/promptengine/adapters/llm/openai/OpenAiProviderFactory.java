package io.promptengine.adapters.llm.openai;

import io.promptengine.adapters.llm.StreamSettings;
import io.promptengine.adapters.llm.spi.ModelProviderFactory;
import io.promptengine.adapters.llm.spi.ProviderSettings;
import io.promptengine.adapters.llm.spi.Setting;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.ModelProvider;
import java.net.URI;
import java.util.List;

/**
 * Kind {@code openai}: any server that speaks OpenAI's Chat Completions API (OpenAI, Groq, vLLM, Ollama...), at
 * {@code base_url}, with a bearer key from {@code api_key_env} when the server wants one.
 */
public final class OpenAiProviderFactory implements ModelProviderFactory {

    static final Setting<URI> BASE_URL = Setting.url("base_url").required();
    static final Setting<String> API_KEY = Setting.secretFromEnvironment("api_key_env");

    @Override
    public String kind() {
        return OpenAiModelProvider.OPENAI;
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(BASE_URL, API_KEY, StreamSettings.STREAM_IDLE_TIMEOUT_MS);
    }

    @Override
    public void validate(ProviderSettings settings) {
        StreamSettings.validateIdle(settings);
    }

    @Override
    public ModelProvider create(String name, ProviderSettings settings, Clock clock) {
        return OpenAiModelProvider.compatible(name, settings.get(BASE_URL), settings.find(API_KEY), clock)
                .withStreamIdle(StreamSettings.idle(settings));
    }
}
