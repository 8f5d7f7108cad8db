package io.promptengine.application.service;

import static io.promptengine.application.service.App.ACME;
import static io.promptengine.application.service.App.acme;
import static io.promptengine.application.service.App.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.promptengine.application.fakes.FakeModelProvider;
import io.promptengine.application.port.in.RunStoredPromptCommand;
import io.promptengine.application.port.in.StoredPromptAnswer;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.domain.conversation.Conversation;
import io.promptengine.domain.conversation.ConversationMessage;
import io.promptengine.domain.error.ExecutionFailedException;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.error.NotFoundException;
import io.promptengine.domain.error.PermissionDeniedException;
import io.promptengine.domain.error.UpstreamException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionStatus;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.Message;
import io.promptengine.domain.prompt.Role;
import io.promptengine.domain.schema.SchemaContract;
import io.promptengine.domain.tenant.Scope;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunStoredPromptServiceTest {

    private static final String MESSAGE = "Please analyze this text and provide feedback.";

    private final App app = new App();
    private final Catalog catalog = new Catalog(app);
    private final FakeModelProvider openai = new FakeModelProvider("openai");

    RunStoredPromptServiceTest() {
        app.router.register(openai);
    }

    @Test
    void givenNoConversation_run_answersOnTheNamedProviderAndStartsAConversationWithBothTurns() {
        StoredPromptAnswer answer = app.runStoredPrompt.run(command(Optional.empty()));

        ModelRequest sent = openai.requests().get(0);
        assertThat(sent.model()).isEqualTo("echo");
        assertThat(sent.messages()).containsExactly(Message.system("You summarise."),
                Message.user("Summarise: "), Message.user(MESSAGE));
        assertThat(app.provider.calls()).isZero();
        Execution execution = answer.execution();
        assertThat(execution.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(execution.request().source()).isEqualTo(Surface.PROMPT);
        assertThat(execution.request().provider()).isEqualTo("openai");
        assertThat(execution.request().model()).isEqualTo("openai/echo");
        assertThat(execution.request().message()).contains(MESSAGE);
        assertThat(execution.request().conversationId()).contains(answer.conversation().id());
        assertThat(answer.prompt()).isEqualTo(catalog.summary);
        assertThat(answer.version()).isEqualTo(catalog.summaryLive);
        Conversation stored = app.conversations.find(ACME, answer.conversation().id()).orElseThrow();
        assertThat(stored).isEqualTo(answer.conversation());
        assertThat(stored.promptId()).isEqualTo(catalog.summary.id());
        assertThat(stored.messages()).extracting(ConversationMessage::role, ConversationMessage::content,
                ConversationMessage::model).containsExactly(
                        tuple(Role.USER, MESSAGE, Optional.empty()),
                        tuple(Role.ASSISTANT, MESSAGE, Optional.of("echo")));
        assertThat(answer.answer()).isEqualTo(stored.messages().get(1));
    }

    @Test
    void givenConversationId_run_sendsTheEarlierTurnsAndAppendsTheNewOnes() {
        StoredPromptAnswer first = app.runStoredPrompt.run(command(Optional.empty()));
        String id = first.conversation().id().value();

        StoredPromptAnswer second = app.runStoredPrompt.run(new RunStoredPromptCommand(acme(),
                catalog.summary.id().value(), "openai", "And now?", Optional.empty(), Optional.of(id),
                Optional.of("{\"text\":\"vars\"}"), "req_2"));

        assertThat(openai.requests().get(1).messages()).containsExactly(Message.system("You summarise."),
                Message.user("Summarise: vars"), Message.user(MESSAGE), Message.assistant(MESSAGE),
                Message.user("And now?"));
        assertThat(second.conversation().id()).isEqualTo(first.conversation().id());
        assertThat(second.conversation().messages()).hasSize(4);
        assertThat(second.execution().request().input()).isEqualTo("{\"text\":\"vars\"}");
    }

    @Test
    void givenUnknownOrMalformedConversation_run_isNotFoundBeforeAnyModelCall() {
        assertThatThrownBy(() -> app.runStoredPrompt.run(command(Optional.of("00000000-0000-4000-b000-000000000009"))))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("No conversation '00000000-0000-4000-b000-000000000009' with this prompt");
        assertThatThrownBy(() -> app.runStoredPrompt.run(command(Optional.of("nope"))))
                .isInstanceOf(NotFoundException.class);
        assertThat(openai.calls()).isZero();
    }

    @Test
    void givenConversationWithAnotherPrompt_run_isNotFound() {
        String other = app.runStoredPrompt.run(new RunStoredPromptCommand(acme(), catalog.detailed.id().value(),
                "openai", MESSAGE, Optional.empty(), Optional.empty(), Optional.empty(), "req_1"))
                .conversation().id().value();

        assertThatThrownBy(() -> app.runStoredPrompt.run(command(Optional.of(other))))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void givenUnknownProvider_run_isRefusedListingTheConfiguredOnes() {
        assertThatThrownBy(() -> app.runStoredPrompt.run(new RunStoredPromptCommand(acme(),
                catalog.summary.id().value(), "mistral", MESSAGE, Optional.empty(), Optional.empty(),
                Optional.empty(), "req_1")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo(
                            "Provider 'mistral' is not configured; the configured providers are: fake, openai");
                    assertThat(e.field()).contains("provider");
                });
    }

    @Test
    void givenUnknownPrompt_run_isNotFound() {
        assertThatThrownBy(() -> app.runStoredPrompt.run(new RunStoredPromptCommand(acme(),
                "497f6eca-6276-4993-bfeb-53cbbbba6f08", "openai", MESSAGE, Optional.empty(), Optional.empty(),
                Optional.empty(), "req_1")))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("No prompt with id '497f6eca-6276-4993-bfeb-53cbbbba6f08'");
    }

    @Test
    void givenPromptWithOnlyADraft_run_isRefusedAsTestOnly() {
        assertThatThrownBy(() -> app.runStoredPrompt.run(new RunStoredPromptCommand(acme(),
                catalog.drafty.id().value(), "openai", MESSAGE, Optional.empty(), Optional.empty(),
                Optional.empty(), "req_1")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("drafts are test-only");
    }

    @Test
    void givenStructuredData_run_asksForThatSchemaAndKeepsTheJsonAnswer() {
        SchemaContract schema = new SchemaContract("{\"type\":\"object\",\"required\":[\"score\"]}");
        openai.answer("{\"score\":7}", new Usage(4, 3));

        StoredPromptAnswer answer = app.runStoredPrompt.run(new RunStoredPromptCommand(acme(),
                catalog.summary.id().value(), "openai", MESSAGE, Optional.of(schema), Optional.empty(),
                Optional.empty(), "req_1", Optional.of("idem-7")));

        assertThat(answer.execution().request().idempotencyKey()).contains("idem-7");
        assertThat(openai.requests().get(0).outputSchema()).contains(schema);
        assertThat(answer.execution().output().orElseThrow().json()).contains("{\"score\":7}");
        assertThat(answer.answer().content()).isEqualTo("{\"score\":7}");
    }

    @Test
    void givenStructuredDataThatIsNoUsableSchema_run_isRefusedNamingTheField() {
        SchemaContract hostile = new SchemaContract("{\"$ref\":\"https://evil.example/schema.json\"}");
        app.schemas.refuseSchema(hostile, "Field 'structured_data' must not reference remote schemas");

        assertThatThrownBy(() -> app.runStoredPrompt.run(new RunStoredPromptCommand(acme(),
                catalog.summary.id().value(), "openai", MESSAGE, Optional.of(hostile), Optional.empty(),
                Optional.empty(), "req_1")))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).contains("structured_data"));
        assertThat(openai.calls()).isZero();
    }

    @Test
    void givenFailedModelCall_run_recordsTheFailureAndLeavesTheConversationAlone() {
        StoredPromptAnswer first = app.runStoredPrompt.run(command(Optional.empty()));
        openai.failWith(new UpstreamException("openai answered 500"));

        assertThatThrownBy(() -> app.runStoredPrompt.run(command(Optional.of(first.conversation().id().value()))))
                .isInstanceOf(ExecutionFailedException.class).hasCauseInstanceOf(UpstreamException.class);
        assertThat(app.conversations.find(ACME, first.conversation().id()).orElseThrow().messages()).hasSize(2);
        assertThat(app.executions.all()).extracting(Execution::status)
                .containsExactly(ExecutionStatus.COMPLETED, ExecutionStatus.FAILED);
    }

    @Test
    void givenKeyWithoutExecuteScope_run_isForbidden() {
        assertThatThrownBy(() -> app.runStoredPrompt.run(new RunStoredPromptCommand(caller(ACME, Scope.MANAGE),
                catalog.summary.id().value(), "openai", MESSAGE, Optional.empty(), Optional.empty(),
                Optional.empty(), "req_1")))
                .isInstanceOf(PermissionDeniedException.class);
    }

    @Test
    void givenBlankMessage_command_isRefused() {
        assertThatThrownBy(() -> new RunStoredPromptCommand(acme(), catalog.summary.id().value(), "openai", " ",
                Optional.empty(), Optional.empty(), Optional.empty(), "req_1"))
                .isInstanceOf(InvalidInputException.class).hasMessage("Field 'message' must not be empty");
        assertThatThrownBy(() -> new RunStoredPromptCommand(acme(), catalog.summary.id().value(), "openai", null,
                Optional.empty(), Optional.empty(), Optional.empty(), "req_1"))
                .isInstanceOf(InvalidInputException.class).hasMessage("Field 'message' is required");
    }

    private RunStoredPromptCommand command(Optional<String> conversationId) {
        return new RunStoredPromptCommand(acme(), catalog.summary.id().value(), "openai", MESSAGE, Optional.empty(),
                conversationId, Optional.empty(), "req_1");
    }
}
