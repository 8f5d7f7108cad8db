package io.promptengine.application.port.in;

import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.endpoint.EndpointPath;
import io.promptengine.domain.schema.SchemaContract;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A tenant's new endpoint. It has no default prompt yet: the first prompt made for it becomes the default.
 *
 * @param timeout how long a call may take; {@link Endpoint#DEFAULT_TIMEOUT} unless the tenant says otherwise
 * @param cacheTtl how long answers are cached; {@link Duration#ZERO} for not at all
 */
public record NewEndpoint(EndpointPath path, String description, SchemaContract inputSchema,
        Optional<SchemaContract> outputSchema, Duration timeout, Duration cacheTtl) {

    public NewEndpoint {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(inputSchema, "inputSchema");
        Objects.requireNonNull(outputSchema, "outputSchema");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(cacheTtl, "cacheTtl");
        Endpoint.requireDescription(description);
        Endpoint.requireTimeout(timeout);
        Endpoint.requireCacheTtl(cacheTtl);
    }
}
