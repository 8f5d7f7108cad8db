package io.promptengine.application.port.out;

import io.promptengine.domain.audit.AuditEvent;
import io.promptengine.domain.common.EndpointId;
import io.promptengine.domain.prompt.Prompt;
import io.promptengine.domain.prompt.PromptId;
import io.promptengine.domain.prompt.PromptVersion;
import io.promptengine.domain.prompt.PromptVersionId;
import io.promptengine.domain.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Prompts and their versions. A prompt's name is unique within its endpoint (within the tenant when it has none). */
public interface PromptStore {

    /** Stores a new prompt; a taken name is a {@code ConflictException}. */
    default void insert(Prompt prompt) {
        insert(prompt, Optional.empty());
    }

    /** Stores a new prompt and, in the same transaction, the audit event of its creation. */
    void insert(Prompt prompt, Optional<AuditEvent> audit);

    /** Replaces a prompt's metadata; a taken name is a {@code ConflictException}. */
    default void update(Prompt prompt) {
        update(prompt, Optional.empty());
    }

    /** Replaces a prompt's metadata and, in the same transaction, stores the audit event of the change. */
    void update(Prompt prompt, Optional<AuditEvent> audit);

    Optional<Prompt> find(TenantId tenant, PromptId id);

    Optional<Prompt> findByName(TenantId tenant, Optional<EndpointId> endpoint, String name);

    /** The tenant's prompts by name (then id), only those of {@code endpoint} when it is given. */
    List<Prompt> list(TenantId tenant, Optional<EndpointId> endpoint);

    /**
     * Stores a new draft with the next version number of its prompt (the given number is replaced), atomically
     * with respect to concurrent drafts of the same prompt, and returns it as stored.
     */
    default PromptVersion insertDraft(PromptVersion draft) {
        return insertDraft(draft, numbered -> Optional.empty());
    }

    /**
     * Stores a new draft as {@link #insertDraft(PromptVersion)} with, in the same transaction, its audit event, made
     * from the draft as numbered (the number is known only inside the transaction).
     */
    PromptVersion insertDraft(PromptVersion draft, Function<PromptVersion, Optional<AuditEvent>> audit);

    Optional<PromptVersion> findVersion(PromptId prompt, PromptVersionId id);

    /** Any prompt's version by its id alone: for running a stored execution, which names only its version. */
    Optional<PromptVersion> findVersion(PromptVersionId id);

    /** Versions newest first. */
    List<PromptVersion> listVersions(PromptId prompt);

    Optional<PromptVersion> findLive(PromptId prompt);

    /**
     * Makes the draft {@code version} live and archives the version that was live, in one transaction; returns the
     * new live version. A version that is not a draft is a {@code ConflictException}.
     */
    default PromptVersion publish(PromptId prompt, PromptVersionId version, Instant now) {
        return publish(prompt, version, now, PublicationAudit.NONE);
    }

    /**
     * Publishes as {@link #publish(PromptId, PromptVersionId, Instant)} and, in the same transaction, stores the
     * events {@code audit} makes from the version it archived.
     */
    PromptVersion publish(PromptId prompt, PromptVersionId version, Instant now, PublicationAudit audit);
}
