package io.promptengine.application.port.in;

import io.promptengine.domain.prompt.Prompt;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A tenant's new prompt: of an endpoint, where it is named by {@code ?prompt=}, or of none, run by its UUID.
 *
 * @param endpointId the endpoint's id as the caller sent it
 */
public record NewPrompt(Optional<String> endpointId, String name, String title, String description,
        List<String> tags, String author) {

    public NewPrompt {
        Objects.requireNonNull(endpointId, "endpointId");
        Prompt.requireName(name);
        Prompt.requireText("title", title);
        Prompt.requireText("description", description);
        Prompt.requireText("author", author);
        tags = List.copyOf(Objects.requireNonNull(tags, "tags"));
        Prompt.requireTags(tags);
    }
}
