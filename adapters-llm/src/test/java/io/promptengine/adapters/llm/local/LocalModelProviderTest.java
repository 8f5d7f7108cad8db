package io.promptengine.adapters.llm.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.adapters.llm.TokenCounter;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.domain.error.DeadlineExceededException;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import io.promptengine.domain.prompt.Message;
import io.promptengine.domain.prompt.ModelParameters;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Token counts are those of cl100k_base: "You are terse." 4, "Say hello." 3, "hello world" 2, the fox 10. */
class LocalModelProviderTest {

    private static final TokenCounter TOKENS = new TokenCounter();
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant LATER = NOW.plus(Duration.ofSeconds(30));
    private static final String FOX = "The quick brown fox jumps over the lazy dog.";

    private final LocalModelProvider local = new LocalModelProvider(TOKENS, () -> NOW);

    @Test
    void provider_isNamedLocalAndServesEchoAndEchoInvalid() {
        assertThat(local.name()).isEqualTo("local");
        assertThat(local.models()).containsExactly("echo", "echo-invalid");
    }

    @Test
    void givenChat_echo_answersTheLastUserMessageVerbatim() {
        List<Message> chat = List.of(Message.system("You are terse."), Message.user("hello world"),
                Message.assistant("Say hello."), Message.user(FOX), Message.assistant("ignored"));

        ModelResponse response = local.complete(echo(chat, ModelParameters.DEFAULTS));

        assertThat(response.text()).isEqualTo(FOX);
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void givenChat_echo_countsEveryMessageAsInputAndTheAnswerAsOutput() {
        List<Message> chat = List.of(Message.system("You are terse."), Message.user("hello world"),
                Message.assistant("Say hello."), Message.user(FOX));

        ModelResponse response = local.complete(echo(chat, ModelParameters.DEFAULTS));

        assertThat(response.usage()).isEqualTo(new Usage(4 + 2 + 3 + 10, 10));
    }

    @Test
    void givenAnswerLongerThanMaxTokens_echo_truncatesItAndReportsLength() {
        ModelResponse response = local.complete(echo(List.of(Message.user(FOX)), maxTokens(3)));

        assertThat(response.text()).isEqualTo("The quick brown");
        assertThat(response.usage()).isEqualTo(new Usage(10, 3));
        assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void givenAnswerOfExactlyMaxTokens_echo_answersInFullAndReportsStop() {
        ModelResponse response = local.complete(echo(List.of(Message.user(FOX)), maxTokens(10)));

        assertThat(response.text()).isEqualTo(FOX);
        assertThat(response.usage()).isEqualTo(new Usage(10, 10));
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void givenUnknownLocalModel_complete_isRejectedOnModelListingTheLocalModels() {
        ModelRequest request = new ModelRequest("gpt-4o", List.of(Message.user(FOX)), ModelParameters.DEFAULTS, LATER);

        assertThatThrownBy(() -> local.complete(request))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).contains("model"))
                .hasMessage("Model 'gpt-4o' is not a local model. The local provider serves: echo, echo-invalid.");
    }

    @Test
    void givenNoUserMessage_echo_isRejectedOnMessages() {
        ModelRequest request = echo(List.of(Message.system("You are terse.")), ModelParameters.DEFAULTS);

        assertThatThrownBy(() -> local.complete(request))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).contains("messages"));
    }

    @Test
    void givenDeadlineAlreadyPast_complete_throwsDeadlineExceeded() {
        ModelRequest request = new ModelRequest("echo", List.of(Message.user(FOX)), ModelParameters.DEFAULTS,
                NOW.minusMillis(1));

        assertThatThrownBy(() -> local.complete(request)).isInstanceOf(DeadlineExceededException.class);
    }

    @Test
    void givenDeadlineNow_complete_throwsDeadlineExceeded() {
        ModelRequest request = new ModelRequest("echo", List.of(Message.user(FOX)), ModelParameters.DEFAULTS, NOW);

        assertThatThrownBy(() -> local.complete(request)).isInstanceOf(DeadlineExceededException.class);
    }

    private static ModelRequest echo(List<Message> messages, ModelParameters parameters) {
        return new ModelRequest("echo", messages, parameters, LATER);
    }

    private static ModelParameters maxTokens(int max) {
        return new ModelParameters(OptionalDouble.empty(), OptionalInt.of(max));
    }
}
