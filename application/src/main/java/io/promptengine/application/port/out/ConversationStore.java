package io.promptengine.application.port.out;

import io.promptengine.domain.conversation.Conversation;
import io.promptengine.domain.conversation.ConversationId;
import io.promptengine.domain.conversation.ConversationMessage;
import io.promptengine.domain.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Conversations with stored prompts. */
public interface ConversationStore {

    void insert(Conversation conversation);

    Optional<Conversation> find(TenantId tenant, ConversationId id);

    /** Appends turns in order and returns the conversation as stored. */
    Conversation append(TenantId tenant, ConversationId id, List<ConversationMessage> turns, Instant now);
}
