package io.promptengine.application.port.in;

import io.promptengine.domain.conversation.Conversation;
import io.promptengine.domain.conversation.ConversationMessage;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.prompt.Prompt;
import io.promptengine.domain.prompt.PromptVersion;
import java.util.Objects;

/**
 * What a run of a stored prompt answers: the completed execution, the prompt and version it ran, the
 * conversation with both new turns appended, and the assistant's turn among them.
 */
public record StoredPromptAnswer(Execution execution, Prompt prompt, PromptVersion version,
        Conversation conversation, ConversationMessage answer) {

    public StoredPromptAnswer {
        Objects.requireNonNull(execution, "execution");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(answer, "answer");
    }
}
