package io.promptengine.adapters.llm.local;

import io.promptengine.adapters.llm.StreamSettings;
import io.promptengine.adapters.llm.TokenCounter;
import io.promptengine.adapters.llm.spi.ModelProviderFactory;
import io.promptengine.adapters.llm.spi.ProviderSettings;
import io.promptengine.adapters.llm.spi.Setting;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.ModelProvider;
import java.util.List;

/**
 * Kind {@code local}: the built-in offline models ({@link LocalModelProvider}) under another name, such as a
 * stand-in for a remote provider in a staging file, streaming at the pace
 * {@code stream_pace_ms} gives.
 */
public final class LocalProviderFactory implements ModelProviderFactory {

    /** One per factory, shared by its providers: the vocabulary loads once, on first use. */
    private final TokenCounter tokens = new TokenCounter();

    @Override
    public String kind() {
        return "local";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(StreamSettings.STREAM_PACE_MS);
    }

    @Override
    public void validate(ProviderSettings settings) {
        StreamSettings.validatePace(settings);
    }

    @Override
    public ModelProvider create(String name, ProviderSettings settings, Clock clock) {
        return new LocalModelProvider(name, tokens, clock, StreamSettings.pace(settings));
    }
}
