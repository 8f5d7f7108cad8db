package com.example.shout;

import io.promptengine.adapters.llm.spi.ModelProviderFactory;
import io.promptengine.adapters.llm.testkit.ModelProviderFactoryContract;
import java.util.Map;

/** The factory's kind and settings follow the rules, and ServiceLoader finds it through this jar's services file. */
class ShoutProviderFactoryContractTest extends ModelProviderFactoryContract {

    @Override
    protected ModelProviderFactory factory() {
        return new ShoutProviderFactory();
    }

    @Override
    protected Map<String, Object> sampleSettings() {
        return Map.of("max_words", 5, "suffix", "!!");
    }
}
