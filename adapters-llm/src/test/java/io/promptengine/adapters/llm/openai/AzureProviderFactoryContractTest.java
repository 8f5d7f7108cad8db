package io.promptengine.adapters.llm.openai;

import io.promptengine.adapters.llm.spi.ModelProviderFactory;
import io.promptengine.adapters.llm.testkit.ModelProviderFactoryContract;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

class AzureProviderFactoryContractTest extends ModelProviderFactoryContract {

    @Override
    protected ModelProviderFactory factory() {
        return new AzureProviderFactory();
    }

    @Override
    protected Map<String, Object> sampleSettings() {
        return Map.of("base_url", "https://eu.openai.azure.com", "api_key_env", "CONTRACT_KEY",
                "api_version", "2025-01-01");
    }

    @Override
    protected Function<String, Optional<String>> environment() {
        return name -> Optional.of("sk-contract").filter(key -> name.equals("CONTRACT_KEY"));
    }
}
