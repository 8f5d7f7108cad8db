package io.promptengine.adapters.persistence;

import io.promptengine.application.port.out.ConversationStore;
import io.promptengine.domain.conversation.Conversation;
import io.promptengine.domain.conversation.ConversationId;
import io.promptengine.domain.conversation.ConversationMessage;
import io.promptengine.domain.prompt.PromptId;
import io.promptengine.domain.prompt.Role;
import io.promptengine.domain.tenant.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Conversations and their messages, numbered from 0 in {@code seq}. Appending increments the conversation's
 * {@code message_count}, which locks its row until the transaction ends, so the turns of concurrent appends never
 * interleave.
 */
final class JdbiConversationStore implements ConversationStore {

    private final Jdbi jdbi;
    private final Durability durability;

    JdbiConversationStore(Jdbi jdbi, Durability durability) {
        this.jdbi = jdbi;
        this.durability = durability;
    }

    @Override
    public void insert(Conversation conversation) {
        jdbi.useHandle(handle -> {
            handle.useTransaction(transaction -> {
                transaction.createUpdate("INSERT INTO conversations (id, tenant_id, prompt_id, message_count, "
                                + "created_at, updated_at) VALUES (:id, :tenant_id, :prompt_id, :message_count, "
                                + ":created_at, :updated_at)")
                        .bind("id", conversation.id().value())
                        .bind("tenant_id", conversation.tenantId().value())
                        .bind("prompt_id", conversation.promptId().value())
                        .bind("message_count", conversation.messages().size())
                        .bindByType("created_at", Columns.timestamp(conversation.createdAt()), OffsetDateTime.class)
                        .bindByType("updated_at", Columns.timestamp(conversation.updatedAt()), OffsetDateTime.class)
                        .execute();
                insertMessages(transaction, conversation.id(), 0, conversation.messages());
            });
            durability.afterWrite(handle);
        });
    }

    @Override
    public Optional<Conversation> find(TenantId tenant, ConversationId id) {
        return jdbi.withHandle(handle -> find(handle, tenant, id));
    }

    @Override
    public Conversation append(TenantId tenant, ConversationId id, List<ConversationMessage> turns, Instant now) {
        return jdbi.withHandle(handle -> {
            Conversation appended = handle.inTransaction(transaction -> {
                int updated = transaction.createUpdate("UPDATE conversations SET message_count = message_count "
                                + "+ :turns, updated_at = :now WHERE id = :id AND tenant_id = :tenant_id")
                        .bind("turns", turns.size())
                        .bindByType("now", Columns.timestamp(now), OffsetDateTime.class)
                        .bind("id", id.value())
                        .bind("tenant_id", tenant.value())
                        .execute();
                if (updated == 0) {
                    throw new IllegalStateException("no conversation " + id + " to append to");
                }
                int count = transaction.createQuery("SELECT message_count FROM conversations WHERE id = :id")
                        .bind("id", id.value())
                        .mapTo(Integer.class)
                        .one();
                insertMessages(transaction, id, count - turns.size(), turns);
                return find(transaction, tenant, id).orElseThrow();
            });
            durability.afterWrite(handle);
            return appended;
        });
    }

    private static void insertMessages(Handle handle, ConversationId id, int firstSeq,
            List<ConversationMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch("INSERT INTO conversation_messages (conversation_id, seq, id, role, "
                + "content, model, created_at) VALUES (:conversation_id, :seq, :id, :role, :content, :model, "
                + ":created_at)");
        int seq = firstSeq;
        for (ConversationMessage message : messages) {
            batch.bind("conversation_id", id.value())
                    .bind("seq", seq++)
                    .bind("id", message.id())
                    .bind("role", message.role().wireName())
                    .bind("content", message.content())
                    .bind("model", message.model().orElse(null))
                    .bindByType("created_at", Columns.timestamp(message.createdAt()), OffsetDateTime.class)
                    .add();
        }
        batch.execute();
    }

    private static Optional<Conversation> find(Handle handle, TenantId tenant, ConversationId id) {
        Optional<Conversation> withoutMessages = handle.createQuery("SELECT id, tenant_id, prompt_id, created_at, "
                        + "updated_at FROM conversations WHERE id = :id AND tenant_id = :tenant_id")
                .bind("id", id.value())
                .bind("tenant_id", tenant.value())
                .map((row, context) -> new Conversation(new ConversationId(row.getString("id")),
                        new TenantId(row.getString("tenant_id")), new PromptId(row.getString("prompt_id")), List.of(),
                        Columns.instant(row, "created_at"), Columns.instant(row, "updated_at")))
                .findOne();
        return withoutMessages.map(found -> new Conversation(found.id(), found.tenantId(), found.promptId(),
                messages(handle, id), found.createdAt(), found.updatedAt()));
    }

    private static List<ConversationMessage> messages(Handle handle, ConversationId id) {
        return handle.createQuery("SELECT id, role, content, model, created_at FROM conversation_messages "
                        + "WHERE conversation_id = :id ORDER BY seq")
                .bind("id", id.value())
                .map(JdbiConversationStore::message)
                .list();
    }

    private static ConversationMessage message(ResultSet row, StatementContext context) throws SQLException {
        return new ConversationMessage(row.getString("id"),
                Role.valueOf(row.getString("role").toUpperCase(Locale.ROOT)), row.getString("content"),
                Optional.ofNullable(row.getString("model")), Columns.instant(row, "created_at"));
    }
}
