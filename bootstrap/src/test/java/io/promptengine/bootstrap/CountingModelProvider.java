package io.promptengine.bootstrap;

import io.promptengine.adapters.llm.TokenCounter;
import io.promptengine.adapters.llm.local.LocalModelProvider;
import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.ModelResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code local} provider's models under the name {@code counted}, counting its calls by their last message, so
 * that a test can tell a cached or replayed answer (no call) from a fresh one. Its {@code echo} answers a JSON
 * document fitting the output schema when one is asked for, as {@code local} does.
 */
final class CountingModelProvider implements ModelProvider {

    static final String NAME = "counted";
    static final String ECHO = NAME + "/echo";

    private final LocalModelProvider local = new LocalModelProvider(NAME, new TokenCounter(), new SystemClock());
    private final Map<String, Integer> calls = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> models() {
        return local.models();
    }

    @Override
    public ModelResponse complete(ModelRequest request) {
        calls.merge(request.messages().get(request.messages().size() - 1).content(), 1, Integer::sum);
        return local.complete(request);
    }

    /** How many calls ended their prompt with {@code message}. */
    int callsWith(String message) {
        return calls.getOrDefault(message, 0);
    }
}
