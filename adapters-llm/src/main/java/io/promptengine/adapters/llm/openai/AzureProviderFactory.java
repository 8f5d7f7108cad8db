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
 * Kind {@code azure}: an Azure OpenAI resource at {@code base_url}, keyed from {@code api_key_env}, on
 * {@code api_version} (the latest generally available one, {@value #DEFAULT_API_VERSION}, when left out).
 */
public final class AzureProviderFactory implements ModelProviderFactory {

    /** The API version an entry gets when it names none. */
    public static final String DEFAULT_API_VERSION = "2024-10-21";

    static final Setting<URI> BASE_URL = Setting.url("base_url").required();
    static final Setting<String> API_KEY = Setting.secretFromEnvironment("api_key_env").required();
    static final Setting<String> API_VERSION = Setting.text("api_version");

    @Override
    public String kind() {
        return OpenAiModelProvider.AZURE;
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(BASE_URL, API_KEY, API_VERSION, StreamSettings.STREAM_IDLE_TIMEOUT_MS);
    }

    @Override
    public void validate(ProviderSettings settings) {
        StreamSettings.validateIdle(settings);
    }

    @Override
    public ModelProvider create(String name, ProviderSettings settings, Clock clock) {
        return OpenAiModelProvider.azure(name, settings.get(BASE_URL),
                settings.find(API_VERSION).orElse(DEFAULT_API_VERSION), settings.get(API_KEY), clock)
                .withStreamIdle(StreamSettings.idle(settings));
    }
}
