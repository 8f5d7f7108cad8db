package io.promptengine.application.service;

import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.ManagePromptsUseCase;
import io.promptengine.application.port.in.NewDraft;
import io.promptengine.application.port.in.NewPrompt;
import io.promptengine.application.port.in.PromptChanges;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.EndpointStore;
import io.promptengine.application.port.out.IdGenerator;
import io.promptengine.application.port.out.PromptStore;
import io.promptengine.domain.audit.AuditAction;
import io.promptengine.domain.audit.AuditEvent;
import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.error.NotFoundException;
import io.promptengine.domain.prompt.Prompt;
import io.promptengine.domain.prompt.PromptId;
import io.promptengine.domain.prompt.PromptVersion;
import io.promptengine.domain.prompt.VersionStatus;
import io.promptengine.domain.schema.SchemaContract;
import io.promptengine.domain.tenant.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A tenant's prompts and their versions. Every lookup is scoped to the caller's tenant; a draft is checked against
 * its endpoint's input schema, the schema adapter and the configured providers before it is stored.
 */
public final class PromptService implements ManagePromptsUseCase {

    private final PromptStore prompts;
    private final EndpointStore endpoints;
    private final DefinitionChecks checks;
    private final IdGenerator ids;
    private final Clock clock;
    private final AuditTrail audit;

    public PromptService(PromptStore prompts, EndpointStore endpoints, DefinitionChecks checks, IdGenerator ids,
            Clock clock, AuditTrail audit) {
        this.prompts = prompts;
        this.endpoints = endpoints;
        this.checks = checks;
        this.ids = ids;
        this.clock = clock;
        this.audit = audit;
    }

    @Override
    public Prompt create(Caller caller, NewPrompt prompt) {
        caller.require(Scope.MANAGE);
        Optional<Endpoint> endpoint = prompt.endpointId().map(id -> EndpointService.id(id)
                .flatMap(endpointId -> endpoints.find(caller.tenantId(), endpointId))
                .orElseThrow(() -> new InvalidInputException("endpoint_id", "Endpoint '" + id + "' not found")));
        Prompt created = new Prompt(ids.promptId(), caller.tenantId(), endpoint.map(Endpoint::id), prompt.name(),
                prompt.title(), prompt.description(), prompt.tags(), prompt.author(), clock.now(), clock.now());
        prompts.insert(created, Optional.of(audit.byKey(caller, AuditAction.PROMPT_CREATED, created.id().value(),
                new Changes().created("endpoint_id", Changes.text(created.endpointId()))
                        .created("name", created.name())
                        .created("title", created.title())
                        .created("description", created.description())
                        .created("tags", Changes.text(created.tags()))
                        .created("author", created.author()))));
        endpoint.ifPresent(owner -> becomeDefaultIfNone(caller, owner, created));
        return created;
    }

    @Override
    public List<Prompt> list(Caller caller, Optional<String> endpointId) {
        caller.requireAny(Scope.READ, Scope.MANAGE);
        if (endpointId.isEmpty()) {
            return prompts.list(caller.tenantId(), Optional.empty());
        }
        return EndpointService.id(endpointId.get())
                .map(id -> prompts.list(caller.tenantId(), Optional.of(id)))
                .orElse(List.of());
    }

    @Override
    public Prompt get(Caller caller, String promptId) {
        caller.requireAny(Scope.READ, Scope.MANAGE);
        return find(caller, promptId);
    }

    @Override
    public Prompt update(Caller caller, PromptChanges changes) {
        caller.require(Scope.MANAGE);
        Prompt current = find(caller, changes.promptId());
        Prompt updated = current.revise(changes.name().orElse(current.name()),
                changes.title().orElse(current.title()), changes.description().orElse(current.description()),
                changes.tags().orElse(current.tags()), changes.author().orElse(current.author()), clock.now());
        prompts.update(updated, Optional.of(audit.byKey(caller, AuditAction.PROMPT_UPDATED, updated.id().value(),
                new Changes().changed("name", current.name(), updated.name())
                        .changed("title", current.title(), updated.title())
                        .changed("description", current.description(), updated.description())
                        .changed("tags", Changes.text(current.tags()), Changes.text(updated.tags()))
                        .changed("author", current.author(), updated.author()))));
        return updated;
    }

    @Override
    public PromptVersion createDraft(Caller caller, NewDraft draft) {
        caller.require(Scope.MANAGE);
        Prompt prompt = find(caller, draft.promptId());
        Optional<SchemaContract> input = prompt.endpointId().map(endpointId -> endpoints
                .find(caller.tenantId(), endpointId)
                .orElseThrow(() -> new NotFoundException("Prompt '" + draft.promptId() + "' not found"))
                .inputSchema());
        checks.templates(draft.template(), input);
        draft.outputSchema().ifPresent(schema -> checks.schema("output_schema", schema));
        checks.routable(draft.model(), draft.provider(), draft.fallbackModels());
        PromptVersion version = PromptVersion.draft(ids.promptVersionId(), prompt.id(), 1, draft.template(),
                draft.model(), draft.provider(), draft.parameters(), draft.outputSchema(), draft.fallbackModels(),
                clock.now());
        return prompts.insertDraft(version, numbered -> Optional.of(audit.byKey(caller,
                AuditAction.PROMPT_VERSION_CREATED, numbered.id().value(), new Changes()
                        .created("prompt_id", prompt.id().value())
                        .created("version", String.valueOf(numbered.number()))
                        .created("status", version.status().wireName())
                        .created("model", version.model())
                        .created("provider", Changes.text(version.provider()))
                        .created("fallback_models", Changes.text(version.fallbackModels())))));
    }

    @Override
    public List<PromptVersion> listVersions(Caller caller, String promptId) {
        caller.requireAny(Scope.READ, Scope.MANAGE);
        return prompts.listVersions(find(caller, promptId).id());
    }

    @Override
    public PromptVersion getVersion(Caller caller, String promptId, int version) {
        caller.requireAny(Scope.READ, Scope.MANAGE);
        return version(find(caller, promptId), version);
    }

    @Override
    public PromptVersion publish(Caller caller, String promptId, int version) {
        caller.require(Scope.MANAGE);
        Prompt prompt = find(caller, promptId);
        PromptVersion draft = version(prompt, version);
        return prompts.publish(prompt.id(), draft.id(), clock.now(), archived -> {
            List<AuditEvent> events = new ArrayList<>();
            events.add(statusChange(caller, AuditAction.PROMPT_VERSION_PUBLISHED, draft, VersionStatus.LIVE));
            archived.ifPresent(was -> events.add(statusChange(caller, AuditAction.PROMPT_VERSION_ARCHIVED, was,
                    VersionStatus.ARCHIVED)));
            return events;
        });
    }

    private AuditEvent statusChange(Caller caller, AuditAction action, PromptVersion version, VersionStatus status) {
        return audit.byKey(caller, action, version.id().value(), new Changes()
                .identifying("prompt_id", version.promptId().value())
                .identifying("version", String.valueOf(version.number()))
                .changed("status", version.status().wireName(), status.wireName()));
    }

    private Prompt find(Caller caller, String promptId) {
        return Optional.ofNullable(promptId).filter(PromptId::isWellFormed)
                .flatMap(id -> prompts.find(caller.tenantId(), new PromptId(id)))
                .orElseThrow(() -> new NotFoundException("Prompt '" + promptId + "' not found"));
    }

    private PromptVersion version(Prompt prompt, int number) {
        return prompts.listVersions(prompt.id()).stream().filter(version -> version.number() == number).findFirst()
                .orElseThrow(() -> new NotFoundException("Version " + number + " of prompt '" + prompt.id()
                        + "' not found"));
    }

    /** Read afresh, so that a concurrent change of the endpoint is not undone. */
    private void becomeDefaultIfNone(Caller caller, Endpoint owner, Prompt prompt) {
        endpoints.find(owner.tenantId(), owner.id()).filter(endpoint -> endpoint.defaultPrompt().isEmpty())
                .ifPresent(endpoint -> endpoints.update(endpoint.reviseDefaultPrompt(Optional.of(prompt),
                        clock.now()), Optional.of(audit.byKey(caller, AuditAction.ENDPOINT_UPDATED,
                        endpoint.id().value(), new Changes().changed("default_prompt_id",
                                Changes.NONE, prompt.id().value())))));
    }
}
