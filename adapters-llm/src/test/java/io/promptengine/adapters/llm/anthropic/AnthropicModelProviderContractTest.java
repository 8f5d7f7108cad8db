package io.promptengine.adapters.llm.anthropic;

import io.promptengine.adapters.llm.testkit.ModelProviderContract;
import io.promptengine.application.port.out.ModelProvider;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class AnthropicModelProviderContractTest extends ModelProviderContract {

    private AnthropicStub stub;

    @BeforeEach
    void startStub() throws IOException {
        stub = new AnthropicStub();
    }

    @AfterEach
    void stopStub() {
        stub.close();
    }

    @Override
    protected ModelProvider provider() {
        return new AnthropicModelProvider(stub.baseUrl(), "sk-ant-contract", Instant::now);
    }

    @Override
    protected String servedModel() {
        return "claude-sonnet-4-5";
    }
}
