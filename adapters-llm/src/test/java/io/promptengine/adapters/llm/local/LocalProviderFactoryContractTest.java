package io.promptengine.adapters.llm.local;

import io.promptengine.adapters.llm.spi.ModelProviderFactory;
import io.promptengine.adapters.llm.testkit.ModelProviderFactoryContract;
import java.util.Map;

class LocalProviderFactoryContractTest extends ModelProviderFactoryContract {

    @Override
    protected ModelProviderFactory factory() {
        return new LocalProviderFactory();
    }

    @Override
    protected Map<String, Object> sampleSettings() {
        return Map.of();
    }
}
