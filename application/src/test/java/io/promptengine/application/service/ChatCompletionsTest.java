package io.promptengine.application.service;

import static io.promptengine.application.service.App.acme;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.application.model.CacheStatus;
import io.promptengine.application.port.in.ExecutePromptCommand;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.error.NotFoundException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.prompt.Message;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.schema.SchemaContract;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The chat API's commands through the execute use case: messages as sent, stored prompts by name, the cache. */
class ChatCompletionsTest {

    private static final List<Message> CHAT = List.of(Message.system("Be brief."), Message.user("Hi"),
            Message.assistant("Hello!"), Message.user("What is 2+2?"));

    private final App app = new App(Duration.ofMinutes(5));

    private static ExecutePromptCommand chat(String model, List<Message> messages, Optional<SchemaContract> schema,
            Optional<String> variables) {
        return ExecutePromptCommand.chat(acme(), model, messages, ModelParameters.DEFAULTS, schema, variables,
                "req_1", Optional.empty(), false);
    }

    @Test
    void givenMessages_execute_sendsThemAsTheyAreAndRecordsThem() {
        Execution execution = app.executePrompt.execute(chat("echo", CHAT, Optional.empty(), Optional.empty()))
                .execution();

        assertThat(app.provider.requests().get(0).messages()).containsExactlyElementsOf(CHAT);
        assertThat(execution.request().source()).isEqualTo(Surface.CHAT_API);
        assertThat(execution.request().messages()).containsExactlyElementsOf(CHAT);
        assertThat(execution.request().input()).isEqualTo("What is 2+2?");
    }

    @Test
    void givenTheSameChatTwice_execute_answersTheSecondFromTheCache_andAnotherHistoryMisses() {
        app.executePrompt.execute(chat("echo", CHAT, Optional.empty(), Optional.empty()));
        var again = app.executePrompt.execute(chat("echo", CHAT, Optional.empty(), Optional.empty()));
        List<Message> otherHistory = List.of(Message.user("Hi"), Message.assistant("Bye!"),
                Message.user("What is 2+2?"));
        var other = app.executePrompt.execute(chat("echo", otherHistory, Optional.empty(), Optional.empty()));

        assertThat(again.cache()).contains(CacheStatus.HIT);
        assertThat(other.cache()).contains(CacheStatus.MISS);
        assertThat(app.provider.calls()).isEqualTo(2);
    }

    @Test
    void givenAnUnusableResponseFormat_execute_isRefusedBeforeAnyCall() {
        SchemaContract broken = new SchemaContract("{\"type\":\"nonsense\"}");
        app.schemas.refuseSchema(broken, "Not a schema");

        assertThatThrownBy(() -> app.executePrompt.execute(chat("echo", CHAT, Optional.of(broken), Optional.empty())))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).contains("response_format"));
        assertThat(app.provider.calls()).isZero();
    }

    @Test
    void givenNoUserMessage_chat_isRefused() {
        assertThatThrownBy(() -> chat("echo", List.of(Message.system("Be brief.")), Optional.empty(),
                Optional.empty())).isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).contains("messages"));
    }

    @Test
    void givenVariablesForAModel_chat_isRefused() {
        assertThatThrownBy(() -> chat("echo", CHAT, Optional.empty(), Optional.of("{}")))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).contains("variables"));
    }

    @Test
    void givenAStoredPromptByName_execute_rendersItsLiveVersionThenSendsTheMessages() {
        Catalog catalog = new Catalog(app);

        Execution execution = app.executePrompt.execute(chat("prompt:summary", List.of(Message.user("Shorter.")),
                Optional.empty(), Optional.of("{\"text\":\"a long text\"}"))).execution();

        assertThat(app.provider.requests().get(0).messages()).containsExactly(Message.system("You summarise."),
                Message.user("Summarise: a long text"), Message.user("Shorter."));
        assertThat(app.provider.requests().get(0).parameters()).isEqualTo(Catalog.PARAMETERS);
        assertThat(execution.request().promptVersionId()).contains(catalog.summaryLive.id().value());
        assertThat(execution.request().model()).isEqualTo("echo");
        assertThat(execution.request().source()).isEqualTo(Surface.CHAT_API);
    }

    @Test
    void givenAStoredPromptById_execute_takesTheRequestsParametersOverTheVersions() {
        Catalog catalog = new Catalog(app);
        ModelParameters mine = new ModelParameters(OptionalDouble.of(0.9), OptionalInt.empty());

        app.executePrompt.execute(ExecutePromptCommand.chat(acme(), "prompt:" + catalog.detailed.id().value(),
                List.of(Message.user("More.")), mine, Optional.empty(), Optional.empty(), "req_1", Optional.empty(),
                false));

        assertThat(app.provider.requests().get(0).messages()).containsExactly(Message.user("In detail: "),
                Message.user("More."));
        assertThat(app.provider.requests().get(0).parameters()).isEqualTo(
                new ModelParameters(OptionalDouble.of(0.9), Catalog.PARAMETERS.maxTokens()));
    }

    @Test
    void givenAnUnknownOrDraftOnlyPrompt_execute_isRefused() {
        new Catalog(app);

        assertThatThrownBy(() -> app.executePrompt.execute(chat("prompt:nobody", CHAT, Optional.empty(),
                Optional.empty()))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> app.executePrompt.execute(chat("prompt:drafty", CHAT, Optional.empty(),
                Optional.empty()))).isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).contains("model"));
        assertThat(app.provider.calls()).isZero();
    }

    @Test
    void models_listsTheProvidersModelsThenTheLivePrompts() {
        new Catalog(app);

        assertThat(app.executePrompt.models(acme())).contains("prompt:summary", "prompt:detailed-summary")
                .doesNotContain("prompt:drafty");
    }
}
