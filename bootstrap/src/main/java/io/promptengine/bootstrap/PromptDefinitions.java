package io.promptengine.bootstrap;

import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.ManagePromptsUseCase;
import io.promptengine.application.port.in.NewDraft;
import io.promptengine.application.port.in.NewPrompt;
import io.promptengine.application.port.in.PromptChanges;
import io.promptengine.domain.prompt.Prompt;
import io.promptengine.domain.prompt.PromptVersion;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The prompts and versions of the tenant an {@link EngineClient} acts for, managed in process as
 * {@code /v1/prompts} manages them: a draft is checked when saved (its schema, its templates against the endpoint's
 * input schema, its models against the configured providers), and only a published version runs.
 */
public final class PromptDefinitions {

    private final ManagePromptsUseCase prompts;
    private final Supplier<Caller> caller;

    PromptDefinitions(ManagePromptsUseCase prompts, Supplier<Caller> caller) {
        this.prompts = prompts;
        this.caller = caller;
    }

    /** A new prompt; the first of an endpoint becomes its default prompt. */
    public Prompt create(NewPrompt prompt) {
        return prompts.create(caller.get(), prompt);
    }

    /** The tenant's prompts by name; only those of one endpoint when {@code endpointId} is given. */
    public List<Prompt> list(Optional<String> endpointId) {
        return prompts.list(caller.get(), endpointId);
    }

    public Prompt get(String promptId) {
        return prompts.get(caller.get(), promptId);
    }

    /** New metadata: what {@code changes} sets changes, the rest stays. */
    public Prompt update(PromptChanges changes) {
        return prompts.update(caller.get(), changes);
    }

    /** A draft version, numbered after the prompt's latest; it runs only once {@link #publish}ed. */
    public PromptVersion createDraft(NewDraft draft) {
        return prompts.createDraft(caller.get(), draft);
    }

    /** The prompt's versions, newest first. */
    public List<PromptVersion> versions(String promptId) {
        return prompts.listVersions(caller.get(), promptId);
    }

    public PromptVersion version(String promptId, int version) {
        return prompts.getVersion(caller.get(), promptId, version);
    }

    /** Makes draft {@code version} live and archives the one that was; a {@code ConflictException} for a non-draft. */
    public PromptVersion publish(String promptId, int version) {
        return prompts.publish(caller.get(), promptId, version);
    }
}
