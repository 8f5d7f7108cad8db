package io.promptengine.adapters.llm.local;

import io.promptengine.adapters.llm.TokenCounter;
import io.promptengine.adapters.llm.testkit.ModelProviderContract;
import io.promptengine.application.port.out.ModelProvider;
import java.time.Instant;

class LocalModelProviderContractTest extends ModelProviderContract {

    private static final TokenCounter TOKENS = new TokenCounter();

    @Override
    protected ModelProvider provider() {
        return new LocalModelProvider(TOKENS, Instant::now);
    }

    @Override
    protected String servedModel() {
        return "echo";
    }
}
