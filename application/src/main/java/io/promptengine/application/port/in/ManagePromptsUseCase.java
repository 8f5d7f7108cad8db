package io.promptengine.application.port.in;

import io.promptengine.domain.prompt.Prompt;
import io.promptengine.domain.prompt.PromptVersion;
import java.util.List;
import java.util.Optional;

/**
 * A tenant manages its prompts and their versions: writes need the {@code manage} scope, reads {@code read} or
 * {@code manage}. Another tenant's prompt is a 404, exactly like a missing one.
 *
 * <p>A draft is checked when saved: its output schema must be a usable JSON Schema, its templates must parse and,
 * for a prompt of an endpoint, use only variables the endpoint's input schema declares (a prompt of no endpoint
 * may use any variable: its input is free-form, and a missing value renders empty); its model and fallback models
 * must each be served by a configured provider. Each failure is a 400 naming the field.
 */
public interface ManagePromptsUseCase {

    /**
     * 409 when the name is taken on that endpoint (or among prompts of no endpoint); 400 when there is no such
     * endpoint. The first prompt of an endpoint becomes its default prompt.
     */
    Prompt create(Caller caller, NewPrompt prompt);

    /** The tenant's prompts by name, only those of one endpoint when {@code endpointId} is given. */
    List<Prompt> list(Caller caller, Optional<String> endpointId);

    Prompt get(Caller caller, String promptId);

    Prompt update(Caller caller, PromptChanges changes);

    PromptVersion createDraft(Caller caller, NewDraft draft);

    /** Newest first. */
    List<PromptVersion> listVersions(Caller caller, String promptId);

    PromptVersion getVersion(Caller caller, String promptId, int version);

    /**
     * Makes the draft {@code version} live and archives the version that was live; 409 when it is not a draft.
     * Returns the new live version.
     */
    PromptVersion publish(Caller caller, String promptId, int version);
}
