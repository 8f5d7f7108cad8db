package io.promptengine.adapters.llm.anthropic;

import io.promptengine.adapters.llm.SseStub;
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

    /** The provider's server answering a streamed call: its documented event stream, in odd pieces. */
    private SseStub streamStub;

    @BeforeEach
    void startStreamStub() throws IOException {
        streamStub = new SseStub().streaming(AnthropicStreamingTest.STREAM, 3, SseStub.Then.CLOSE);
    }

    @AfterEach
    void stopStreamStub() throws IOException {
        streamStub.close();
    }

    @Override
    protected ModelProvider streamingProvider() {
        return new AnthropicModelProvider(streamStub.baseUrl(), "sk-ant-contract", Instant::now);
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
