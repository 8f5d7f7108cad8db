package io.promptengine.domain.conversation;

import io.promptengine.domain.prompt.PromptId;
import io.promptengine.domain.tenant.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** An ordered thread of messages with one stored prompt; continuing it sends the earlier turns to the model. */
public record Conversation(ConversationId id, TenantId tenantId, PromptId promptId, List<ConversationMessage> messages,
        Instant createdAt, Instant updatedAt) {

    public static final int MAX_MESSAGES = 500;

    public Conversation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(promptId, "promptId");
        messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** This conversation with {@code turns} appended. */
    public Conversation append(List<ConversationMessage> turns, Instant now) {
        List<ConversationMessage> all = new ArrayList<>(messages);
        all.addAll(turns);
        return new Conversation(id, tenantId, promptId, all, createdAt, now);
    }
}
