package io.promptengine.adapters.llm.openai;

import io.promptengine.adapters.llm.testkit.ModelProviderContract;
import io.promptengine.application.port.out.ModelProvider;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class OpenAiModelProviderContractTest extends ModelProviderContract {

    private ChatCompletionsStub stub;

    @BeforeEach
    void start() throws IOException {
        stub = new ChatCompletionsStub();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Override
    protected ModelProvider provider() {
        return OpenAiModelProvider.openAi(stub.baseUrl(), Optional.of("sk-contract"), Instant::now);
    }

    @Override
    protected String servedModel() {
        return "gpt-4o";
    }
}
