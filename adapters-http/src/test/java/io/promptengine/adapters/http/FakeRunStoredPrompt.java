package io.promptengine.adapters.http;

import io.promptengine.application.port.in.RunStoredPromptCommand;
import io.promptengine.application.port.in.RunStoredPromptUseCase;
import io.promptengine.application.port.in.StoredPromptAnswer;
import io.promptengine.application.port.in.StreamObserver;
import io.promptengine.domain.conversation.Conversation;
import io.promptengine.domain.conversation.ConversationId;
import io.promptengine.domain.conversation.ConversationMessage;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.execution.ExecutionOutput;
import io.promptengine.domain.execution.ExecutionRequest;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import io.promptengine.domain.prompt.MessageTemplate;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.prompt.Prompt;
import io.promptengine.domain.prompt.PromptId;
import io.promptengine.domain.prompt.PromptVersion;
import io.promptengine.domain.prompt.PromptVersionId;
import io.promptengine.domain.prompt.Role;
import java.util.List;
import java.util.Optional;

/**
 * Answers every run with {@link #ANSWER_TEXT} from model {@code gpt-4o-mini} in a conversation of two turns, the
 * JSON document {@link #json} when set; or throws {@link #failure}. Remembers the last command.
 */
final class FakeRunStoredPrompt implements RunStoredPromptUseCase {

    static final String PROMPT_ID = "497f6eca-6276-4993-bfeb-53cbbbba6f08";
    static final String CONVERSATION_ID = "550e8400-e29b-41d4-a716-446655440000";
    static final String ANSWER_TEXT = "The text is clear; tighten the second paragraph.";

    volatile RunStoredPromptCommand lastCommand;
    volatile Optional<String> json = Optional.empty();
    volatile RuntimeException failure;
    /** Thrown from a stream after its first piece of text, when set. */
    volatile RuntimeException streamFailure;

    void reset() {
        lastCommand = null;
        json = Optional.empty();
        failure = null;
        streamFailure = null;
    }

    @Override
    public StoredPromptAnswer stream(RunStoredPromptCommand command, StreamObserver observer) {
        StoredPromptAnswer answer = run(command);
        FakeStreams.stream(answer.execution(), observer, () -> streamFailure);
        return answer;
    }

    @Override
    public StoredPromptAnswer run(RunStoredPromptCommand command) {
        lastCommand = command;
        if (failure != null) {
            throw failure;
        }
        Prompt prompt = new Prompt(new PromptId(PROMPT_ID), Executions.ACME.tenantId(), Optional.empty(),
                "research-analysis", "Research Analysis", "A schema for analysing research data for blogs",
                List.of("SystemPrompt", "Blog"), "admin", Executions.CREATED, Executions.STARTED);
        PromptVersion version = PromptVersion.draft(new PromptVersionId("pv_1"), prompt.id(), 1,
                new MessageTemplate(Optional.empty(), "{{text}}"), "gpt-4o-mini", Optional.empty(),
                ModelParameters.DEFAULTS, Optional.empty(), List.of(), Executions.CREATED).publish(Executions.CREATED);
        ExecutionRequest request = new ExecutionRequest(command.caller().tenantId(), command.caller().apiKeyId(),
                Surface.PROMPT, Optional.of("pv_1"), command.provider(), command.provider() + "/gpt-4o-mini",
                command.variables().orElse("{}"), ModelParameters.DEFAULTS, command.requestId(), Optional.empty());
        Execution execution = Execution.queue(new ExecutionId("exec_prompt1"), request, Executions.CREATED)
                .start(Executions.STARTED).complete(new ExecutionOutput(json.orElse(ANSWER_TEXT), json,
                        FinishReason.STOP), new Usage(10, 10), Optional.empty(), Executions.ENDED);
        ConversationMessage asked = new ConversationMessage("123e4567-e89b-12d3-a456-426614174000", Role.USER,
                command.message(), Optional.empty(), Executions.CREATED);
        ConversationMessage answered = new ConversationMessage("123e4567-e89b-12d3-a456-426614174001",
                Role.ASSISTANT, json.orElse(ANSWER_TEXT), Optional.of("gpt-4o-mini"), Executions.ENDED);
        Conversation conversation = new Conversation(new ConversationId(CONVERSATION_ID), prompt.tenantId(),
                prompt.id(), List.of(asked, answered), Executions.CREATED, Executions.ENDED);
        return new StoredPromptAnswer(execution, prompt, version, conversation, answered);
    }
}
