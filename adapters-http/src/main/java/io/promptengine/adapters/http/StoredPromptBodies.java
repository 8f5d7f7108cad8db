package io.promptengine.adapters.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.promptengine.application.port.in.StoredPromptAnswer;
import io.promptengine.domain.conversation.Conversation;
import io.promptengine.domain.conversation.ConversationMessage;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.prompt.Prompt;
import io.promptengine.domain.prompt.PromptVersion;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The answer of {@code POST /v1/prompt/{uuid}/{provider}} in the shape of the stored-prompt API document:
 * {@code success}, {@code data} (the assistant's message, the conversation, the structured answer) and
 * {@code metadata} (a {@code chat.completion} with token usage). Every message carries the prompt's metadata.
 */
final class StoredPromptBodies {

    private StoredPromptBodies() {
    }

    record AnswerBody(boolean success, DataBody data, CompletionBody metadata) {
        /** The conversation links to its execution under {@code base}, where this API is served. */
        static AnswerBody of(StoredPromptAnswer answer, Json json, BasePath base) {
            Execution execution = answer.execution();
            String link = base.under("/v1/executions/" + execution.id().value());
            DataBody data = new DataBody(MessageBody.of(answer.answer(), answer),
                    ConversationBody.of(answer.conversation(), answer, link), structuredData(execution, json));
            return new AnswerBody(true, data, CompletionBody.of(answer));
        }
    }

    record DataBody(MessageBody message, ConversationBody conversation, JsonNode structuredData) {
    }

    /** One turn; {@code reference} is always empty, since prompts cite no sources. */
    record MessageBody(String id, String role, String content, List<Object> reference, String model,
            MetadataBody metadata) {
        static MessageBody of(ConversationMessage message, StoredPromptAnswer answer) {
            return new MessageBody(message.id(), message.role().wireName(), message.content(), List.of(),
                    message.model().orElse(null), MetadataBody.of(answer.prompt(), answer.version(),
                            answer.prompt().createdAt(), answer.prompt().updatedAt()));
        }
    }

    /** {@code _link}: the execution that answered this turn, since conversations have no route of their own. */
    record ConversationBody(String id, List<MessageBody> message, MetadataBody metadata,
            @JsonProperty("_link") String link) {
        static ConversationBody of(Conversation conversation, StoredPromptAnswer answer, String link) {
            List<MessageBody> messages = conversation.messages().stream()
                    .map(message -> MessageBody.of(message, answer)).toList();
            return new ConversationBody(conversation.id().value(), messages, MetadataBody.of(answer.prompt(),
                    answer.version(), conversation.createdAt(), conversation.updatedAt()), link);
        }
    }

    /** The prompt's title, description, tags and author, the version's number and status, and two times. */
    record MetadataBody(String title, String description, List<String> tag, String created, String updated,
            int version, String status, String author) {
        static MetadataBody of(Prompt prompt, PromptVersion version, Instant created, Instant updated) {
            return new MetadataBody(prompt.title(), prompt.description(), prompt.tags(), ExecutionBodies.time(created),
                    ExecutionBodies.time(updated), version.number(), version.status().wireName(), prompt.author());
        }
    }

    /** {@code metadata}: the execution as a chat completion; {@code created} in Unix seconds. */
    record CompletionBody(String id, String object, long created, String model, UsageBody usage) {
        static CompletionBody of(StoredPromptAnswer answer) {
            Execution execution = answer.execution();
            return new CompletionBody(execution.id().value(), "chat.completion",
                    execution.completedAt().orElseThrow().getEpochSecond(), answer.answer().model().orElseThrow(),
                    UsageBody.of(execution));
        }
    }

    record UsageBody(long promptTokens, long completionTokens, long totalTokens) {
        static UsageBody of(Execution execution) {
            return new UsageBody(execution.usage().inputTokens(), execution.usage().outputTokens(),
                    execution.usage().totalTokens());
        }
    }

    /** The answer's JSON document when an output schema held it; an empty object otherwise, as the document shows. */
    private static JsonNode structuredData(Execution execution, Json json) {
        String document = execution.output().orElseThrow().json().orElse("{}");
        return json.read(document.getBytes(StandardCharsets.UTF_8));
    }
}
