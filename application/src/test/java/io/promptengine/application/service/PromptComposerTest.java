package io.promptengine.application.service;

import static io.promptengine.application.service.App.ACME;
import static io.promptengine.application.service.App.acme;
import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.application.port.in.CallEndpointCommand;
import io.promptengine.application.port.in.TestPromptVersionCommand;
import io.promptengine.domain.conversation.Conversation;
import io.promptengine.domain.conversation.ConversationId;
import io.promptengine.domain.conversation.ConversationMessage;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.execution.ExecutionRequest;
import io.promptengine.domain.execution.ExecutionStatus;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.prompt.Message;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.prompt.Role;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What executions send, composed from what they stored alone. */
class PromptComposerTest {

    private static final ConversationId THREAD = new ConversationId("00000000-0000-4000-b000-000000000001");

    private final App app = new App();
    private final Catalog catalog = new Catalog(app);

    @Test
    void givenExecuteApiExecution_compose_isItsInputAsTheOneUserMessage() {
        Execution queued = app.executePrompt.submit(App.command(acme(), "echo"));

        PromptComposer.Composition composition = app.composer.compose(queued);

        assertThat(composition.messages()).containsExactly(Message.user("Say hello"));
        assertThat(composition.timeout()).isEqualTo(App.TIMEOUT);
    }

    @Test
    void givenStoredPromptInAConversation_compose_isTemplatesThenEarlierTurnsThenTheMessage() {
        app.conversations.insert(new Conversation(THREAD, ACME, catalog.summary.id(), List.of(
                turn(Role.USER, "First question"), turn(Role.ASSISTANT, "First answer")), app.clock.now(),
                app.clock.now()));
        Execution execution = stored(Surface.PROMPT, "{\"text\":\"vars\"}", Optional.of(THREAD),
                Optional.of("Second question"));

        PromptComposer.Composition composition = app.composer.compose(execution);

        assertThat(composition.messages()).containsExactly(Message.system("You summarise."),
                Message.user("Summarise: vars"), Message.user("First question"),
                Message.assistant("First answer"), Message.user("Second question"));
        assertThat(composition.timeout()).isEqualTo(App.TIMEOUT);
    }

    @Test
    void givenNewConversation_compose_isTemplatesThenTheMessage() {
        Execution execution = stored(Surface.PROMPT, "{}", Optional.of(THREAD), Optional.of("Hello"));

        assertThat(app.composer.compose(execution).messages()).containsExactly(Message.system("You summarise."),
                Message.user("Summarise: "), Message.user("Hello"));
    }

    @Test
    void givenEndpointRunLeftQueuedByAnEarlierProcess_runQueued_sendsWhatALiveCallSends() {
        app.callEndpoint.call(new CallEndpointCommand(acme(), Optional.empty(), Catalog.PATH, Optional.empty(),
                Catalog.TEXT, "req_1", false, Optional.empty()));
        Execution queued = stored(Surface.ENDPOINT, Catalog.TEXT, Optional.empty(), Optional.empty());
        app.executions.insert(queued);

        app.runQueued();

        Execution completed = app.executions.find(queued.id()).orElseThrow();
        assertThat(completed.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(app.provider.requests().get(1).messages()).isEqualTo(app.provider.requests().get(0).messages());
        assertThat(app.provider.requests().get(1).deadline())
                .isEqualTo(completed.startedAt().orElseThrow().plus(Catalog.ENDPOINT_TIMEOUT));
    }

    @Test
    void givenVersionThatIsGone_runQueued_failsTheExecutionAsNotFound() {
        Execution queued = Execution.queue(new ExecutionId("exec_orphan"), new ExecutionRequest(ACME,
                acme().apiKeyId(), Surface.TEST, Optional.of("pv_gone"), "fake", "echo", "{}",
                ModelParameters.DEFAULTS, "req_1", Optional.empty()), app.clock.now());
        app.executions.insert(queued);

        app.runQueued();

        Execution failed = app.executions.find(queued.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.error().orElseThrow().code()).isEqualTo("not_found");
        assertThat(app.provider.calls()).isZero();
    }

    @Test
    void givenTestOfAnEndpointsPrompt_deadline_isTheEndpointsTimeout() {
        app.testVersion.test(new TestPromptVersionCommand(acme(), catalog.drafty.id().value(), 1, Catalog.TEXT,
                "req_1"));

        Execution tested = app.executions.all().get(0);
        assertThat(app.provider.requests().get(0).deadline())
                .isEqualTo(tested.startedAt().orElseThrow().plus(Catalog.ENDPOINT_TIMEOUT));
        assertThat(Catalog.ENDPOINT_TIMEOUT).isNotEqualTo(App.TIMEOUT);
    }

    /** An execution of the live {@code summary} version as {@code source} would store it, queued. */
    private Execution stored(Surface source, String input, Optional<ConversationId> conversation,
            Optional<String> message) {
        ExecutionRequest request = new ExecutionRequest(ACME, acme().apiKeyId(), source,
                Optional.of(catalog.summaryLive.id().value()), "fake", "echo", input, Catalog.PARAMETERS, "req_q",
                Optional.empty(), source == Surface.ENDPOINT ? Optional.of(catalog.endpoint.id()) : Optional.empty(),
                conversation, message, Optional.empty());
        return Execution.queue(app.ids.executionId(), request, app.clock.now());
    }

    private ConversationMessage turn(Role role, String content) {
        return new ConversationMessage(app.ids.messageId(), role, content, Optional.empty(), app.clock.now());
    }
}
