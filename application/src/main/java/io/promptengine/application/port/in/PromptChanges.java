package io.promptengine.application.port.in;

import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.prompt.Prompt;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * New metadata for a prompt: absent fields stay as they are, at least one changes. Its endpoint and its versions
 * are not metadata.
 *
 * @param promptId the prompt's id as the caller sent it
 */
public record PromptChanges(String promptId, Optional<String> name, Optional<String> title,
        Optional<String> description, Optional<List<String>> tags, Optional<String> author) {

    public PromptChanges {
        Objects.requireNonNull(promptId, "promptId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(tags, "tags");
        Objects.requireNonNull(author, "author");
        name.ifPresent(Prompt::requireName);
        title.ifPresent(text -> Prompt.requireText("title", text));
        description.ifPresent(text -> Prompt.requireText("description", text));
        author.ifPresent(text -> Prompt.requireText("author", text));
        tags = tags.map(List::copyOf);
        tags.ifPresent(Prompt::requireTags);
        if (name.isEmpty() && title.isEmpty() && description.isEmpty() && tags.isEmpty() && author.isEmpty()) {
            throw new InvalidInputException("Set at least one of 'name', 'title', 'description', 'tags', 'author'");
        }
    }
}
