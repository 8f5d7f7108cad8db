package io.promptengine.application.service;

import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.RunStoredPromptCommand;
import io.promptengine.application.port.in.RunStoredPromptUseCase;
import io.promptengine.application.port.in.StoredPromptAnswer;
import io.promptengine.application.port.in.StreamObserver;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.ConversationStore;
import io.promptengine.application.port.out.IdGenerator;
import io.promptengine.application.port.out.ModelRouter;
import io.promptengine.domain.conversation.Conversation;
import io.promptengine.domain.conversation.ConversationId;
import io.promptengine.domain.conversation.ConversationMessage;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.error.NotFoundException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionRequest;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.prompt.Prompt;
import io.promptengine.domain.prompt.PromptVersion;
import io.promptengine.domain.prompt.Role;
import io.promptengine.domain.tenant.Scope;
import io.promptengine.domain.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The stored-prompt API: a prompt's live version on the provider the caller names, in a conversation. The version's
 * model is run on that provider ({@code provider/model}); {@code structured_data}, else the version's output
 * schema, is the contract of the answer. Both turns are appended to the conversation once the answer is in, so a
 * failed call leaves the conversation as it was.
 */
public final class RunStoredPromptService implements RunStoredPromptUseCase {

    private final ConversationStore conversations;
    private final ModelRouter router;
    private final StoredPromptRuns runs;
    private final IdGenerator ids;
    private final Clock clock;

    public RunStoredPromptService(ConversationStore conversations, ModelRouter router, StoredPromptRuns runs,
            IdGenerator ids, Clock clock) {
        this.conversations = conversations;
        this.router = router;
        this.runs = runs;
        this.ids = ids;
        this.clock = clock;
    }

    @Override
    public StoredPromptAnswer run(RunStoredPromptCommand command) {
        Prepared prepared = prepare(command);
        return answered(command, prepared, runs.runNow(prepared.request(), prepared.routed()));
    }

    @Override
    public StoredPromptAnswer stream(RunStoredPromptCommand command, StreamObserver observer) {
        Prepared prepared = prepare(command);
        return answered(command, prepared, runs.stream(runs.queue(prepared.request()), prepared.routed(), observer));
    }

    /** A run that nothing refused: the prompt, its live version, the conversation so far, and the request. */
    private record Prepared(Prompt prompt, PromptVersion live, Optional<Conversation> earlier,
            ConversationId conversationId, ExecutionRequest request, ModelRouter.Routed routed) {
    }

    private Prepared prepare(RunStoredPromptCommand command) {
        Caller caller = command.caller();
        caller.require(Scope.EXECUTE);
        Prompt prompt = runs.prompt(caller.tenantId(), command.promptId());
        requireConfigured(command.provider());
        PromptVersion live = runs.live(prompt);
        Optional<Conversation> earlier = command.conversationId().map(id -> conversation(caller.tenantId(), prompt, id));
        command.structuredData().ifPresent(schema -> runs.requireUsable("structured_data", schema));
        String model = live.model().startsWith(command.provider() + "/") ? live.model()
                : command.provider() + "/" + live.model();
        ModelRouter.Routed routed = runs.route(model);
        ConversationId conversationId = earlier.map(Conversation::id).orElseGet(ids::conversationId);
        ExecutionRequest request = new ExecutionRequest(caller.tenantId(), caller.apiKeyId(), Surface.PROMPT,
                Optional.of(live.id().value()), routed.provider().name(), model,
                command.variables().orElse("{}"), live.parameters(), command.requestId(), command.idempotencyKey(),
                Optional.empty(), Optional.of(conversationId), Optional.of(command.message()),
                command.structuredData().or(live::outputSchema));
        return new Prepared(prompt, live, earlier, conversationId, request, routed);
    }

    /** Both turns appended to the conversation, once the answer is complete. */
    private StoredPromptAnswer answered(RunStoredPromptCommand command, Prepared prepared, Execution completed) {
        TenantId tenant = command.caller().tenantId();
        List<ConversationMessage> turns = turns(command.message(), completed, prepared.routed().model());
        Conversation conversation = prepared.earlier().isPresent()
                ? conversations.append(tenant, prepared.conversationId(), turns, clock.now())
                : started(tenant, prepared.prompt(), prepared.conversationId(), turns);
        return new StoredPromptAnswer(completed, prepared.prompt(), prepared.live(), conversation, turns.get(1));
    }

    private void requireConfigured(String provider) {
        List<String> configured = router.providerNames();
        if (!configured.contains(provider)) {
            throw new InvalidInputException("provider", "Provider '" + provider + "' is not configured; the "
                    + "configured providers are: " + String.join(", ", configured));
        }
    }

    /**
     * The tenant's conversation with this prompt, with room for two more turns; any other id, or a conversation
     * with another prompt, is 404.
     */
    private Conversation conversation(TenantId tenant, Prompt prompt, String id) {
        Conversation found = Optional.of(id).filter(ConversationId::isWellFormed)
                .flatMap(it -> conversations.find(tenant, new ConversationId(it)))
                .filter(conversation -> conversation.promptId().equals(prompt.id()))
                .orElseThrow(() -> new NotFoundException("No conversation '" + id + "' with this prompt"));
        if (found.messages().size() + 2 > Conversation.MAX_MESSAGES) {
            throw new InvalidInputException("conversation_id", "Conversation '" + id + "' holds the most messages "
                    + "a conversation may (" + Conversation.MAX_MESSAGES + "); start a new one");
        }
        return found;
    }

    /** The user's message, asked when the execution was created, and the answer of {@code model}. */
    private List<ConversationMessage> turns(String message, Execution completed, String model) {
        Instant answeredAt = completed.completedAt().orElseThrow();
        return List.of(
                new ConversationMessage(ids.messageId(), Role.USER, message, Optional.empty(), completed.createdAt()),
                new ConversationMessage(ids.messageId(), Role.ASSISTANT, completed.output().orElseThrow().text(),
                        Optional.of(model), answeredAt));
    }

    private Conversation started(TenantId tenant, Prompt prompt, ConversationId id, List<ConversationMessage> turns) {
        Instant now = clock.now();
        Conversation conversation = new Conversation(id, tenant, prompt.id(), turns, now, now);
        conversations.insert(conversation);
        return conversation;
    }
}
