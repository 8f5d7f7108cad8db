package io.promptengine.adapters.llm.openai;

import io.promptengine.adapters.llm.spi.ModelProviderFactory;
import io.promptengine.adapters.llm.testkit.ModelProviderFactoryContract;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

class OpenAiProviderFactoryContractTest extends ModelProviderFactoryContract {

    @Override
    protected ModelProviderFactory factory() {
        return new OpenAiProviderFactory();
    }

    @Override
    protected Map<String, Object> sampleSettings() {
        return Map.of("base_url", "http://127.0.0.1:9", "api_key_env", "CONTRACT_KEY");
    }

    @Override
    protected Function<String, Optional<String>> environment() {
        return name -> Optional.of("sk-contract").filter(key -> name.equals("CONTRACT_KEY"));
    }
}
