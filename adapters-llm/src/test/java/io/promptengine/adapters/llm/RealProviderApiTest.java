package io.promptengine.adapters.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.promptengine.adapters.llm.anthropic.AnthropicModelProvider;
import io.promptengine.adapters.llm.openai.OpenAiModelProvider;
import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.domain.prompt.Message;
import io.promptengine.domain.prompt.ModelParameters;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Opt-in: calls the real OpenAI and Anthropic APIs when {@code OPENAI_API_KEY} / {@code ANTHROPIC_API_KEY} are in
 * the environment (models {@code OPENAI_TEST_MODEL}, default {@code gpt-4o-mini}, and {@code ANTHROPIC_TEST_MODEL},
 * default {@code claude-3-5-haiku-latest}); otherwise each test is skipped with a message saying why, which the
 * surefire report shows. A run costs a fraction of a cent.
 */
class RealProviderApiTest {

    @Test
    void givenOpenAiKey_theRealApi_answersWithUsage() {
        Optional<String> key = environment("OPENAI_API_KEY");
        assumeTrue(key.isPresent(), "Skipped: OPENAI_API_KEY is not set, so the real OpenAI API is not called");

        ModelProvider openAi = OpenAiModelProvider.openAi(OpenAiModelProvider.DEFAULT_BASE_URL, key,
                Instant::now);

        assertAnswers(openAi, environment("OPENAI_TEST_MODEL").orElse("gpt-4o-mini"));
    }

    @Test
    void givenAnthropicKey_theRealApi_answersWithUsage() {
        Optional<String> key = environment("ANTHROPIC_API_KEY");
        assumeTrue(key.isPresent(), "Skipped: ANTHROPIC_API_KEY is not set, so the real Anthropic API is not called");

        ModelProvider anthropic = new AnthropicModelProvider(AnthropicModelProvider.DEFAULT_BASE_URL, key.get(),
                Instant::now);

        assertAnswers(anthropic, environment("ANTHROPIC_TEST_MODEL").orElse("claude-3-5-haiku-latest"));
    }

    private static void assertAnswers(ModelProvider provider, String model) {
        ModelResponse answer = provider.complete(new ModelRequest(model,
                List.of(Message.system("You answer with one word."), Message.user("Say pong.")),
                new ModelParameters(OptionalDouble.of(0.0), OptionalInt.of(16)), Instant.now().plusSeconds(60)));

        assertThat(answer.text()).isNotBlank();
        assertThat(answer.usage().inputTokens()).isPositive();
        assertThat(answer.usage().outputTokens()).isPositive();
        assertThat(ModelPrices.builtIn().price(provider.name(), model)).as("a built-in price for " + model)
                .isPresent();
    }

    private static Optional<String> environment(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(value -> !value.isBlank());
    }
}
