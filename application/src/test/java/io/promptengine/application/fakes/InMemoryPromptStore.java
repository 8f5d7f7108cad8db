package io.promptengine.application.fakes;

import io.promptengine.application.port.out.PromptStore;
import io.promptengine.application.port.out.PublicationAudit;
import io.promptengine.domain.audit.AuditEvent;
import io.promptengine.domain.common.EndpointId;
import io.promptengine.domain.error.ConflictException;
import io.promptengine.domain.prompt.Prompt;
import io.promptengine.domain.prompt.PromptId;
import io.promptengine.domain.prompt.PromptVersion;
import io.promptengine.domain.prompt.PromptVersionId;
import io.promptengine.domain.prompt.VersionStatus;
import io.promptengine.domain.tenant.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Prompts and versions in maps, with the store's name uniqueness, numbering and publish rules. Thread-safe. */
public final class InMemoryPromptStore implements PromptStore {

    private final Map<PromptId, Prompt> prompts = new LinkedHashMap<>();
    private final Map<PromptVersionId, PromptVersion> versions = new LinkedHashMap<>();

    private final InMemoryAuditEventStore audit;

    /** With an audit trail of its own, which no one else sees. */
    public InMemoryPromptStore() {
        this(new InMemoryAuditEventStore());
    }

    /** Appending the audit events of its changes to {@code audit}. */
    public InMemoryPromptStore(InMemoryAuditEventStore audit) {
        this.audit = audit;
    }

    @Override
    public synchronized void insert(Prompt prompt, Optional<AuditEvent> event) {
        if (prompts.containsKey(prompt.id())) {
            throw new IllegalStateException("prompt id " + prompt.id() + " is already stored");
        }
        requireFreeName(prompt);
        prompts.put(prompt.id(), prompt);
        event.ifPresent(audit::append);
    }

    @Override
    public synchronized void update(Prompt prompt, Optional<AuditEvent> event) {
        Prompt stored = prompts.get(prompt.id());
        if (stored == null || !stored.tenantId().equals(prompt.tenantId())) {
            throw new IllegalStateException("no prompt " + prompt.id() + " to update");
        }
        requireFreeName(prompt);
        prompts.put(prompt.id(), prompt);
        event.ifPresent(audit::append);
    }

    @Override
    public synchronized Optional<Prompt> find(TenantId tenant, PromptId id) {
        return Optional.ofNullable(prompts.get(id)).filter(prompt -> prompt.tenantId().equals(tenant));
    }

    @Override
    public synchronized Optional<Prompt> findByName(TenantId tenant, Optional<EndpointId> endpoint, String name) {
        return prompts.values().stream().filter(p -> p.tenantId().equals(tenant) && p.endpointId().equals(endpoint)
                && p.name().equals(name)).findFirst();
    }

    @Override
    public synchronized List<Prompt> list(TenantId tenant, Optional<EndpointId> endpoint) {
        return prompts.values().stream()
                .filter(p -> p.tenantId().equals(tenant) && (endpoint.isEmpty() || p.endpointId().equals(endpoint)))
                .sorted(Comparator.comparing(Prompt::name).thenComparing(p -> p.id().value())).toList();
    }

    @Override
    public synchronized PromptVersion insertDraft(PromptVersion draft,
            Function<PromptVersion, Optional<AuditEvent>> event) {
        int next = versions.values().stream().filter(v -> v.promptId().equals(draft.promptId()))
                .mapToInt(PromptVersion::number).max().orElse(0) + 1;
        PromptVersion stored = new PromptVersion(draft.id(), draft.promptId(), next, draft.status(), draft.template(),
                draft.model(), draft.provider(), draft.parameters(), draft.outputSchema(), draft.fallbackModels(),
                draft.createdAt(), draft.publishedAt());
        versions.put(stored.id(), stored);
        event.apply(stored).ifPresent(audit::append);
        return stored;
    }

    @Override
    public synchronized Optional<PromptVersion> findVersion(PromptId prompt, PromptVersionId id) {
        return Optional.ofNullable(versions.get(id)).filter(v -> v.promptId().equals(prompt));
    }

    @Override
    public synchronized Optional<PromptVersion> findVersion(PromptVersionId id) {
        return Optional.ofNullable(versions.get(id));
    }

    @Override
    public synchronized List<PromptVersion> listVersions(PromptId prompt) {
        return versions.values().stream().filter(v -> v.promptId().equals(prompt))
                .sorted(Comparator.comparingInt(PromptVersion::number).reversed()).toList();
    }

    @Override
    public synchronized Optional<PromptVersion> findLive(PromptId prompt) {
        return versions.values().stream()
                .filter(v -> v.promptId().equals(prompt) && v.status() == VersionStatus.LIVE).findFirst();
    }

    @Override
    public synchronized PromptVersion publish(PromptId prompt, PromptVersionId version, Instant now,
            PublicationAudit events) {
        PromptVersion draft = findVersion(prompt, version)
                .orElseThrow(() -> new IllegalStateException("no version " + version + " of prompt " + prompt));
        PromptVersion live = draft.publish(now);
        audit.appendAll(events.events(findLive(prompt)));
        for (PromptVersion previous : new ArrayList<>(versions.values())) {
            if (previous.promptId().equals(prompt) && previous.status() == VersionStatus.LIVE) {
                versions.put(previous.id(), previous.archive());
            }
        }
        versions.put(live.id(), live);
        return live;
    }

    /** Deletes the prompts of {@code endpoint} and their versions, as deleting the endpoint does. */
    public synchronized void deleteOfEndpoint(EndpointId endpoint) {
        List<PromptId> deleted = prompts.values().stream().filter(p -> p.endpointId().equals(Optional.of(endpoint)))
                .map(Prompt::id).toList();
        prompts.keySet().removeAll(deleted);
        versions.values().removeIf(v -> deleted.contains(v.promptId()));
    }

    private void requireFreeName(Prompt prompt) {
        findByName(prompt.tenantId(), prompt.endpointId(), prompt.name())
                .filter(other -> !other.id().equals(prompt.id()))
                .ifPresent(other -> {
                    throw new ConflictException("A prompt named '" + prompt.name() + "' already exists here");
                });
    }
}
