package io.promptengine.application.port.in;

import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.endpoint.EndpointPath;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.schema.SchemaContract;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A partial update of an endpoint: absent fields stay as they are; the output schema and the default prompt can
 * also be removed. At least one field changes.
 *
 * @param endpointId the endpoint's id as the caller sent it
 * @param defaultPrompt the id of one of the endpoint's own prompts
 */
public record EndpointChanges(String endpointId, Optional<EndpointPath> path, Optional<String> description,
        Optional<SchemaContract> inputSchema, Patch<SchemaContract> outputSchema, Patch<String> defaultPrompt,
        Optional<Duration> timeout, Optional<Duration> cacheTtl) {

    public EndpointChanges {
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(inputSchema, "inputSchema");
        Objects.requireNonNull(outputSchema, "outputSchema");
        Objects.requireNonNull(defaultPrompt, "defaultPrompt");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(cacheTtl, "cacheTtl");
        description.ifPresent(Endpoint::requireDescription);
        timeout.ifPresent(Endpoint::requireTimeout);
        cacheTtl.ifPresent(Endpoint::requireCacheTtl);
        if (path.isEmpty() && description.isEmpty() && inputSchema.isEmpty() && outputSchema.unchanged()
                && defaultPrompt.unchanged() && timeout.isEmpty() && cacheTtl.isEmpty()) {
            throw new InvalidInputException("Set at least one of 'path', 'description', 'input_schema', "
                    + "'output_schema', 'default_prompt_id', 'timeout_seconds', 'cache_ttl_seconds'");
        }
    }
}
