package io.promptengine.adapters.llm.anthropic;

import io.promptengine.adapters.llm.StreamSettings;
import io.promptengine.adapters.llm.spi.ModelProviderFactory;
import io.promptengine.adapters.llm.spi.ProviderSettings;
import io.promptengine.adapters.llm.spi.Setting;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.ModelProvider;
import java.net.URI;
import java.util.List;

/** Kind {@code anthropic}: a server of Anthropic's Messages API (Anthropic, or a proxy) keyed from {@code api_key_env}. */
public final class AnthropicProviderFactory implements ModelProviderFactory {

    static final Setting<URI> BASE_URL = Setting.url("base_url").required();
    static final Setting<String> API_KEY = Setting.secretFromEnvironment("api_key_env").required();

    @Override
    public String kind() {
        return "anthropic";
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
        return new AnthropicModelProvider(name, settings.get(BASE_URL), settings.get(API_KEY), clock,
                StreamSettings.idle(settings));
    }
}
