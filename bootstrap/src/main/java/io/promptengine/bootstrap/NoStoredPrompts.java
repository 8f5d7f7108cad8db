package io.promptengine.bootstrap;

import io.promptengine.application.port.out.ConversationStore;
import io.promptengine.application.port.out.EndpointStore;
import io.promptengine.application.port.out.PromptStore;
import io.promptengine.application.port.out.SchemaValidator;
import io.promptengine.application.port.out.TemplateRenderer;
import io.promptengine.domain.conversation.Conversation;
import io.promptengine.domain.conversation.ConversationId;
import io.promptengine.domain.conversation.ConversationMessage;
import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.endpoint.EndpointId;
import io.promptengine.domain.endpoint.EndpointPath;
import io.promptengine.domain.error.UnavailableException;
import io.promptengine.domain.prompt.Prompt;
import io.promptengine.domain.prompt.PromptId;
import io.promptengine.domain.prompt.PromptVersion;
import io.promptengine.domain.prompt.PromptVersionId;
import io.promptengine.domain.schema.SchemaContract;
import io.promptengine.domain.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Stored prompts as a build without their adapters has them: no endpoint, prompt or conversation exists, and none
 * can be written, so tenant endpoint calls and the stored-prompt API answer 404. This build's stand-in until the
 * JDBI stores, the JSON Schema validator and the Mustache renderer are wired in its place; their methods that
 * only stored prompts reach are never called.
 */
final class NoStoredPrompts implements EndpointStore, PromptStore, ConversationStore, SchemaValidator,
        TemplateRenderer {

    private static UnavailableException unavailable() {
        return new UnavailableException("Endpoints and stored prompts are not available in this build");
    }

    @Override
    public void insert(Endpoint endpoint) {
        throw unavailable();
    }

    @Override
    public void update(Endpoint endpoint) {
        throw unavailable();
    }

    @Override
    public Optional<Endpoint> delete(TenantId tenant, EndpointId id) {
        return Optional.empty();
    }

    @Override
    public Optional<Endpoint> find(TenantId tenant, EndpointId id) {
        return Optional.empty();
    }

    @Override
    public Optional<Endpoint> findByPath(TenantId tenant, EndpointPath path) {
        return Optional.empty();
    }

    @Override
    public List<Endpoint> list(TenantId tenant) {
        return List.of();
    }

    @Override
    public void insert(Prompt prompt) {
        throw unavailable();
    }

    @Override
    public void update(Prompt prompt) {
        throw unavailable();
    }

    @Override
    public Optional<Prompt> find(TenantId tenant, PromptId id) {
        return Optional.empty();
    }

    @Override
    public Optional<Prompt> findByName(TenantId tenant, Optional<EndpointId> endpoint, String name) {
        return Optional.empty();
    }

    @Override
    public List<Prompt> list(TenantId tenant, Optional<EndpointId> endpoint) {
        return List.of();
    }

    @Override
    public PromptVersion insertDraft(PromptVersion draft) {
        throw unavailable();
    }

    @Override
    public Optional<PromptVersion> findVersion(PromptId prompt, PromptVersionId id) {
        return Optional.empty();
    }

    @Override
    public Optional<PromptVersion> findVersion(PromptVersionId id) {
        return Optional.empty();
    }

    @Override
    public List<PromptVersion> listVersions(PromptId prompt) {
        return List.of();
    }

    @Override
    public Optional<PromptVersion> findLive(PromptId prompt) {
        return Optional.empty();
    }

    @Override
    public PromptVersion publish(PromptId prompt, PromptVersionId version, Instant now) {
        throw unavailable();
    }

    @Override
    public void insert(Conversation conversation) {
        throw unavailable();
    }

    @Override
    public Optional<Conversation> find(TenantId tenant, ConversationId id) {
        return Optional.empty();
    }

    @Override
    public Conversation append(TenantId tenant, ConversationId id, List<ConversationMessage> turns, Instant now) {
        throw unavailable();
    }

    @Override
    public void check(String field, SchemaContract schema) {
        throw unavailable();
    }

    @Override
    public List<Violation> validate(SchemaContract schema, String json) {
        throw unavailable();
    }

    @Override
    public Set<String> declaredPaths(SchemaContract schema) {
        throw unavailable();
    }

    @Override
    public Set<String> variables(String field, String template) {
        throw unavailable();
    }

    @Override
    public String render(String template, String inputJson) {
        throw unavailable();
    }
}
