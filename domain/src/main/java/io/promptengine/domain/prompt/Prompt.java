package io.promptengine.domain.prompt;

import io.promptengine.domain.common.EndpointId;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A tenant's prompt: addressed by its UUID, and by its name within its endpoint ({@code ?prompt=name}). Its
 * metadata is shown with every answer of the stored-prompt API; its content lives in {@link PromptVersion}s.
 *
 * <p>A stored prompt changes only through {@link #revise}: it keeps the prompt's id, tenant, endpoint and creation
 * time, checks what it changes, and never moves the update time back.
 */
public record Prompt(
        PromptId id,
        TenantId tenantId,
        Optional<EndpointId> endpointId,
        String name,
        String title,
        String description,
        List<String> tags,
        String author,
        Instant createdAt,
        Instant updatedAt) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    public static final int MAX_TEXT = 2_000;
    public static final int MAX_TAGS = 32;

    public Prompt {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        requireName(name);
        requireText("title", title);
        requireText("description", description);
        requireText("author", author);
        tags = List.copyOf(Objects.requireNonNull(tags, "tags"));
        requireTags(tags);
    }

    /** This prompt with its metadata revised at {@code at}; it stays the same prompt of the same endpoint. */
    public Prompt revise(String name, String title, String description, List<String> tags, String author,
            Instant at) {
        Objects.requireNonNull(at, "at");
        return new Prompt(id, tenantId, endpointId, name, title, description, tags, author, createdAt,
                at.isBefore(updatedAt) ? updatedAt : at);
    }

    public static void requireName(String name) {
        if (name == null || name.isBlank()) {
            throw InvalidInputException.required("name");
        }
        if (!NAME.matcher(name).matches()) {
            throw new InvalidInputException("name",
                    "Field 'name' must be 1-63 lowercase letters, digits or '-', starting with a letter or digit");
        }
    }

    /** {@code title}, {@code description} and {@code author}: any text, bounded. */
    public static void requireText(String field, String value) {
        Objects.requireNonNull(value, field);
        if (value.length() > MAX_TEXT) {
            throw new InvalidInputException(field, "Field '" + field + "' must be at most " + MAX_TEXT + " characters");
        }
    }

    public static void requireTags(List<String> tags) {
        if (tags.size() > MAX_TAGS || tags.stream().anyMatch(t -> t.isBlank() || t.length() > 64)) {
            throw new InvalidInputException("tags",
                    "Field 'tags' must hold at most " + MAX_TAGS + " non-empty tags of at most 64 characters");
        }
    }
}
