package com.example.shout;

import io.promptengine.adapters.llm.spi.InvalidSettingException;
import io.promptengine.adapters.llm.spi.ModelProviderFactory;
import io.promptengine.adapters.llm.spi.ProviderSettings;
import io.promptengine.adapters.llm.spi.Setting;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.ModelProvider;
import java.util.List;

/**
 * Kind {@code shout}, listed in this jar's {@code META-INF/services/io.promptengine.adapters.llm.spi.ModelProviderFactory}.
 * An entry of a providers file names it and gives its two fields:
 * <pre>{"name": "shouty", "kind": "shout", "max_words": 3, "suffix": "!!", "model_prefixes": ["loud"]}</pre>
 * {@code max_words} (required, 1 to 1000) and {@code suffix} (optional, {@code "!"} when left out).
 */
public final class ShoutProviderFactory implements ModelProviderFactory {

    static final Setting<Long> MAX_WORDS = Setting.wholeNumber("max_words").required();
    static final Setting<String> SUFFIX = Setting.text("suffix");
    private static final long MOST_WORDS = 1_000;

    @Override
    public String kind() {
        return "shout";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(MAX_WORDS, SUFFIX);
    }

    @Override
    public void validate(ProviderSettings settings) {
        long maxWords = settings.get(MAX_WORDS);
        if (maxWords < 1 || maxWords > MOST_WORDS) {
            throw new InvalidSettingException(MAX_WORDS.field(), "must be from 1 to " + MOST_WORDS + ", not " + maxWords);
        }
    }

    @Override
    public ModelProvider create(String name, ProviderSettings settings, Clock clock) {
        return new ShoutModelProvider(name, Math.toIntExact(settings.get(MAX_WORDS)), settings.find(SUFFIX).orElse("!"),
                clock);
    }
}
