package io.promptengine.domain.endpoint;

import io.promptengine.domain.common.EndpointId;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.prompt.Prompt;
import io.promptengine.domain.prompt.PromptId;
import io.promptengine.domain.schema.SchemaContract;
import io.promptengine.domain.tenant.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A tenant's HTTP endpoint: a path, the contract of its input and optionally of its output, the prompt it runs
 * by default, how long a call may take and how long answers are cached ({@link Duration#ZERO}: not cached).
 *
 * <p>A stored endpoint changes only through its {@code revise…} transitions: they keep its id, tenant and creation
 * time, check what they change, and never move its update time back.
 */
public record Endpoint(
        EndpointId id,
        TenantId tenantId,
        EndpointPath path,
        String description,
        SchemaContract inputSchema,
        Optional<SchemaContract> outputSchema,
        Optional<PromptId> defaultPrompt,
        Duration timeout,
        Duration cacheTtl,
        Instant createdAt,
        Instant updatedAt) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration MAX_CACHE_TTL = Duration.ofDays(30);
    public static final int MAX_DESCRIPTION = 2_000;

    public Endpoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(inputSchema, "inputSchema");
        Objects.requireNonNull(outputSchema, "outputSchema");
        Objects.requireNonNull(defaultPrompt, "defaultPrompt");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(cacheTtl, "cacheTtl");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        requireDescription(description);
        requireTimeout(timeout);
        requireCacheTtl(cacheTtl);
    }

    /** This endpoint with its definition revised at {@code at}; the prompt it runs by default stays. */
    public Endpoint revise(EndpointPath path, String description, SchemaContract inputSchema,
            Optional<SchemaContract> outputSchema, Duration timeout, Duration cacheTtl, Instant at) {
        return new Endpoint(id, tenantId, path, description, inputSchema, outputSchema, defaultPrompt, timeout,
                cacheTtl, createdAt, revisedAt(at));
    }

    /**
     * This endpoint running {@code prompt} by default from {@code at}, or no prompt by default when it is empty.
     * Refuses a prompt that is not this endpoint's own: a call runs only the endpoint's prompts.
     */
    public Endpoint reviseDefaultPrompt(Optional<Prompt> prompt, Instant at) {
        prompt.filter(candidate -> !candidate.tenantId().equals(tenantId)
                        || !candidate.endpointId().equals(Optional.of(id)))
                .ifPresent(foreign -> {
                    throw new InvalidInputException("default_prompt_id",
                            "Prompt '" + foreign.id() + "' is not a prompt of this endpoint");
                });
        return new Endpoint(id, tenantId, path, description, inputSchema, outputSchema, prompt.map(Prompt::id),
                timeout, cacheTtl, createdAt, revisedAt(at));
    }

    /** {@code at}, or the last update time when {@code at} is before it: another instance's clock may run ahead. */
    private Instant revisedAt(Instant at) {
        Objects.requireNonNull(at, "at");
        return at.isBefore(updatedAt) ? updatedAt : at;
    }

    public static void requireDescription(String description) {
        if (description.length() > MAX_DESCRIPTION) {
            throw new InvalidInputException("description",
                    "Field 'description' must be at most " + MAX_DESCRIPTION + " characters");
        }
    }

    public static void requireTimeout(Duration timeout) {
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new InvalidInputException("timeout_seconds", "Field 'timeout_seconds' must be between 1 and "
                    + MAX_TIMEOUT.toSeconds());
        }
    }

    public static void requireCacheTtl(Duration cacheTtl) {
        if (cacheTtl.isNegative() || cacheTtl.compareTo(MAX_CACHE_TTL) > 0) {
            throw new InvalidInputException("cache_ttl_seconds", "Field 'cache_ttl_seconds' must be between 0 and "
                    + MAX_CACHE_TTL.toSeconds());
        }
    }
}
