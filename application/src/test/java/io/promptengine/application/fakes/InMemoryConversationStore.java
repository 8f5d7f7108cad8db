package io.promptengine.application.fakes;

import io.promptengine.application.port.out.ConversationStore;
import io.promptengine.domain.conversation.Conversation;
import io.promptengine.domain.conversation.ConversationId;
import io.promptengine.domain.conversation.ConversationMessage;
import io.promptengine.domain.tenant.TenantId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Conversations in a map. Thread-safe. */
public final class InMemoryConversationStore implements ConversationStore {

    private final Map<ConversationId, Conversation> byId = new LinkedHashMap<>();

    @Override
    public synchronized void insert(Conversation conversation) {
        if (byId.putIfAbsent(conversation.id(), conversation) != null) {
            throw new IllegalStateException("conversation " + conversation.id() + " is already stored");
        }
    }

    @Override
    public synchronized Optional<Conversation> find(TenantId tenant, ConversationId id) {
        return Optional.ofNullable(byId.get(id)).filter(c -> c.tenantId().equals(tenant));
    }

    @Override
    public synchronized Conversation append(TenantId tenant, ConversationId id, List<ConversationMessage> turns,
            Instant now) {
        Conversation stored = find(tenant, id)
                .orElseThrow(() -> new IllegalStateException("no conversation " + id + " to append to"));
        Conversation appended = stored.append(turns, now);
        byId.put(id, appended);
        return appended;
    }
}
