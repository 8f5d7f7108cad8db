package io.promptengine.application.service;

import io.promptengine.application.port.out.ConversationStore;
import io.promptengine.application.port.out.EndpointStore;
import io.promptengine.application.port.out.PromptStore;
import io.promptengine.application.port.out.TemplateRenderer;
import io.promptengine.domain.conversation.Conversation;
import io.promptengine.domain.conversation.ConversationMessage;
import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.error.NotFoundException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionRequest;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.prompt.Message;
import io.promptengine.domain.prompt.MessageTemplate;
import io.promptengine.domain.prompt.PromptVersion;
import io.promptengine.domain.prompt.PromptVersionId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Composes what an execution sends from what the execution stored, and nothing else, so that an execution queued
 * before a restart sends the same messages when it finally runs.
 *
 * <ul>
 *   <li>The execute API: its input is the one user message.
 *   <li>The chat API: its messages, as the client sent them.
 *   <li>A stored prompt (an endpoint call, a test run, the stored-prompt API): the version's system and user
 *       templates rendered with the input, then the conversation's earlier turns, then the new message.
 * </ul>
 *
 * An execution of an endpoint's prompt may take the endpoint's timeout; any other the default one.
 */
public final class PromptComposer {

    private final PromptStore prompts;
    private final EndpointStore endpoints;
    private final ConversationStore conversations;
    private final TemplateRenderer templates;
    private final Duration defaultTimeout;

    /** @param defaultTimeout how long an execution may run, from its start to its answer, unless its endpoint says */
    public PromptComposer(PromptStore prompts, EndpointStore endpoints, ConversationStore conversations,
            TemplateRenderer templates, Duration defaultTimeout) {
        this.prompts = prompts;
        this.endpoints = endpoints;
        this.conversations = conversations;
        this.templates = templates;
        this.defaultTimeout = defaultTimeout;
    }

    /**
     * The messages of one model call, how long the execution may take to answer, and the models to try in order
     * when its own model fails.
     */
    record Composition(List<Message> messages, Duration timeout, List<String> fallbackModels) {
        Composition {
            messages = List.copyOf(messages);
            Objects.requireNonNull(timeout, "timeout");
            fallbackModels = List.copyOf(fallbackModels);
        }
    }

    /** Throws {@code NotFoundException} when the prompt version the execution names is gone. */
    Composition compose(Execution execution) {
        ExecutionRequest request = execution.request();
        if (request.source() == Surface.EXECUTE_API) {
            return new Composition(List.of(Message.user(request.input())), defaultTimeout, List.of());
        }
        if (request.source() == Surface.CHAT_API && request.promptVersionId().isEmpty()) {
            return new Composition(request.messages(), defaultTimeout, List.of());
        }
        String versionId = request.promptVersionId().orElseThrow(() -> new IllegalArgumentException(
                "execution " + execution.id() + " of a stored prompt names no prompt version"));
        PromptVersion version = prompts.findVersion(new PromptVersionId(versionId)).orElseThrow(
                () -> new NotFoundException("Prompt version '" + versionId + "' no longer exists"));
        List<Message> messages = new ArrayList<>(rendered(version.template(), request.input()));
        request.conversationId().flatMap(id -> conversations.find(request.tenantId(), id))
                .map(Conversation::messages)
                .ifPresent(turns -> turns.forEach(turn -> messages.add(asMessage(turn))));
        request.message().ifPresent(message -> messages.add(Message.user(message)));
        messages.addAll(request.messages());
        return new Composition(messages, timeout(request), version.fallbackModels());
    }

    /** How long an execution of {@code request} may take, from its start to its answer. */
    Duration timeout(ExecutionRequest request) {
        return request.endpointId().flatMap(id -> endpoints.find(request.tenantId(), id))
                .map(Endpoint::timeout).orElse(defaultTimeout);
    }

    private List<Message> rendered(MessageTemplate template, String input) {
        List<Message> messages = new ArrayList<>(2);
        template.system().ifPresent(system -> messages.add(Message.system(templates.render(system, input))));
        messages.add(Message.user(templates.render(template.user(), input)));
        return messages;
    }

    private static Message asMessage(ConversationMessage turn) {
        return new Message(turn.role(), turn.content());
    }
}
