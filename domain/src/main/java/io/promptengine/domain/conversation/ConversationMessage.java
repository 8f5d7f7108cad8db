package io.promptengine.domain.conversation;

import io.promptengine.domain.prompt.Role;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** One turn of a conversation; an assistant turn names the model that wrote it. */
public record ConversationMessage(String id, Role role, String content, Optional<String> model, Instant createdAt) {

    public ConversationMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
