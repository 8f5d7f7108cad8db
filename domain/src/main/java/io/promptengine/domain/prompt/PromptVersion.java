package io.promptengine.domain.prompt;

import io.promptengine.domain.error.ConflictException;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.schema.SchemaContract;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One immutable version of a prompt's content: templates, model and provider, sampling parameters, an optional
 * output schema and fallback models tried in order when the model fails. Drafts run only through the test route;
 * {@link #publish} makes one live, and the version it replaces is {@link #archive}d.
 *
 * @param number 1 for a prompt's first version, then counting up
 * @param provider an explicit provider name; empty routes by model name
 */
public record PromptVersion(
        PromptVersionId id,
        PromptId promptId,
        int number,
        VersionStatus status,
        MessageTemplate template,
        String model,
        Optional<String> provider,
        ModelParameters parameters,
        Optional<SchemaContract> outputSchema,
        List<String> fallbackModels,
        Instant createdAt,
        Optional<Instant> publishedAt) {

    public static final int MAX_FALLBACKS = 5;

    public PromptVersion {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(promptId, "promptId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(outputSchema, "outputSchema");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(publishedAt, "publishedAt");
        if (number < 1) {
            throw new IllegalArgumentException("version numbers start at 1");
        }
        requireModel(model);
        fallbackModels = List.copyOf(Objects.requireNonNull(fallbackModels, "fallbackModels"));
        requireFallbackModels(fallbackModels);
        if (status != VersionStatus.DRAFT && publishedAt.isEmpty()) {
            throw new IllegalArgumentException("a published version has a publication time");
        }
    }

    public static void requireModel(String model) {
        if (model == null || model.isBlank()) {
            throw InvalidInputException.required("model");
        }
    }

    public static void requireFallbackModels(List<String> fallbackModels) {
        if (fallbackModels.size() > MAX_FALLBACKS || fallbackModels.stream().anyMatch(String::isBlank)) {
            throw new InvalidInputException("fallback_models",
                    "Field 'fallback_models' must hold at most " + MAX_FALLBACKS + " model names");
        }
    }

    /** A new draft. */
    public static PromptVersion draft(PromptVersionId id, PromptId promptId, int number, MessageTemplate template,
            String model, Optional<String> provider, ModelParameters parameters, Optional<SchemaContract> outputSchema,
            List<String> fallbackModels, Instant now) {
        return new PromptVersion(id, promptId, number, VersionStatus.DRAFT, template, model, provider, parameters,
                outputSchema, fallbackModels, now, Optional.empty());
    }

    public PromptVersion publish(Instant now) {
        if (status != VersionStatus.DRAFT) {
            throw new ConflictException("Version " + number + " is " + status.wireName() + "; only a draft can be published");
        }
        return new PromptVersion(id, promptId, number, VersionStatus.LIVE, template, model, provider, parameters,
                outputSchema, fallbackModels, createdAt, Optional.of(now));
    }

    public PromptVersion archive() {
        if (status != VersionStatus.LIVE) {
            throw new IllegalStateException("only the live version is archived, not a " + status.wireName() + " one");
        }
        return new PromptVersion(id, promptId, number, VersionStatus.ARCHIVED, template, model, provider, parameters,
                outputSchema, fallbackModels, createdAt, publishedAt);
    }
}
