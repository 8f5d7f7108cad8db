package io.promptengine.adapters.llm.spi;

import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import java.net.URI;
import java.util.List;

/** A kind with one setting of each type, listed in this module's test {@code META-INF/services}. */
public final class FixedAnswerFactory implements ModelProviderFactory {

    static final Setting<String> ANSWER = Setting.text("answer").required();
    static final Setting<URI> HOME = Setting.url("home");
    static final Setting<String> TOKEN = Setting.secretFromEnvironment("token_env");
    static final Setting<Long> TOKENS = Setting.wholeNumber("tokens");

    @Override
    public String kind() {
        return "fixed";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(ANSWER, HOME, TOKEN, TOKENS);
    }

    @Override
    public void validate(ProviderSettings settings) {
        if (settings.find(TOKENS).filter(tokens -> tokens < 1).isPresent()) {
            throw new InvalidSettingException("tokens", "must be at least 1");
        }
    }

    @Override
    public ModelProvider create(String name, ProviderSettings settings, Clock clock) {
        String answer = settings.get(ANSWER);
        long tokens = settings.find(TOKENS).orElse(1L);
        return new ModelProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public ModelResponse complete(ModelRequest request) {
                return new ModelResponse(answer, new Usage(tokens, tokens), FinishReason.STOP);
            }
        };
    }
}
