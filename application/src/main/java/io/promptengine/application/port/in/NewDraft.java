package io.promptengine.application.port.in;

import io.promptengine.domain.prompt.MessageTemplate;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.prompt.PromptVersion;
import io.promptengine.domain.schema.SchemaContract;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A new draft version of a prompt; it is numbered after the prompt's latest version.
 *
 * @param promptId the prompt's id as the caller sent it
 * @param provider a configured provider's name; empty routes by the model's name
 * @param fallbackModels tried in order when the model fails
 */
public record NewDraft(String promptId, MessageTemplate template, String model, Optional<String> provider,
        ModelParameters parameters, Optional<SchemaContract> outputSchema, List<String> fallbackModels) {

    public NewDraft {
        Objects.requireNonNull(promptId, "promptId");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(outputSchema, "outputSchema");
        PromptVersion.requireModel(model);
        fallbackModels = List.copyOf(Objects.requireNonNull(fallbackModels, "fallbackModels"));
        PromptVersion.requireFallbackModels(fallbackModels);
    }
}
