package io.promptengine.adapters.llm.openai;

import io.promptengine.adapters.llm.SseStub;
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

    /** The provider's server answering a streamed call: its documented event stream, in odd pieces. */
    private SseStub streamStub;

    @BeforeEach
    void startStreamStub() throws IOException {
        streamStub = new SseStub().streaming(OpenAiStreamingTest.STREAM, 3, SseStub.Then.CLOSE);
    }

    @AfterEach
    void stopStreamStub() throws IOException {
        streamStub.close();
    }

    @Override
    protected ModelProvider streamingProvider() {
        return OpenAiModelProvider.openAi(streamStub.baseUrl(), Optional.of("sk-contract"), Instant::now);
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
