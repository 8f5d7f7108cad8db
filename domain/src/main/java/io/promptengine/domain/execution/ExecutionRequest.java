package io.promptengine.domain.execution;

import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.TenantId;
import java.util.Objects;
import java.util.Optional;

/**
 * What was asked for, fixed when the execution is created: who asked, through which surface, which prompt
 * version, which provider and model, with which input and parameters.
 *
 * @param input the prompt text for the execute API, or the JSON input document for endpoints
 * @param requestId the {@code X-Request-Id} of the HTTP request that created the execution
 */
public record ExecutionRequest(
        TenantId tenantId,
        ApiKeyId apiKeyId,
        Surface source,
        Optional<String> promptVersionId,
        String provider,
        String model,
        String input,
        ModelParameters parameters,
        String requestId,
        Optional<String> idempotencyKey) {

    public ExecutionRequest {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(apiKeyId, "apiKeyId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(promptVersionId, "promptVersionId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }
}
