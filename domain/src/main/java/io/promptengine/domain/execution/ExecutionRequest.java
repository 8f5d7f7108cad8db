package io.promptengine.domain.execution;

import io.promptengine.domain.common.EndpointId;
import io.promptengine.domain.conversation.ConversationId;
import io.promptengine.domain.prompt.Message;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.schema.SchemaContract;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.TenantId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What was asked for, fixed when the execution is created: who asked, through which surface, which prompt
 * version, which provider and model, with which input and parameters. It holds everything the messages are
 * composed from, so that an execution stored as queued runs the same after a restart.
 *
 * @param input the prompt text for the execute API; for a stored prompt, the JSON object its templates render
 *     with (an endpoint's input document, a test's input, the stored-prompt API's {@code variables})
 * @param model the name the router resolves when the execution runs, such as {@code gpt-4o} or {@code local/echo}
 * @param requestId the {@code X-Request-Id} of the HTTP request that created the execution
 * @param endpointId the tenant endpoint the prompt was run for, when there is one
 * @param conversationId the conversation the stored-prompt API continues; its earlier turns go to the model
 * @param message the stored-prompt API's new user message, sent after the conversation's turns
 * @param outputSchema the contract the answer is held to, decided when the execution was created: the model is
 *     asked for JSON and the answer is checked against it
 * @param messages the chat API's messages, sent as they are (after a stored prompt's rendered templates when the
 *     chat names one); empty for every other surface
 * @param traceParent the trace of the request that created it, when that request was traced
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
        Optional<String> idempotencyKey,
        Optional<EndpointId> endpointId,
        Optional<ConversationId> conversationId,
        Optional<String> message,
        Optional<SchemaContract> outputSchema,
        List<Message> messages,
        Optional<TraceParent> traceParent) {

    /** A request that was not traced. */
    public ExecutionRequest(TenantId tenantId, ApiKeyId apiKeyId, Surface source, Optional<String> promptVersionId,
            String provider, String model, String input, ModelParameters parameters, String requestId,
            Optional<String> idempotencyKey, Optional<EndpointId> endpointId, Optional<ConversationId> conversationId,
            Optional<String> message, Optional<SchemaContract> outputSchema, List<Message> messages) {
        this(tenantId, apiKeyId, source, promptVersionId, provider, model, input, parameters, requestId,
                idempotencyKey, endpointId, conversationId, message, outputSchema, messages, Optional.empty());
    }

    /** A request with no chat messages, as every surface but the chat API makes. */
    public ExecutionRequest(TenantId tenantId, ApiKeyId apiKeyId, Surface source, Optional<String> promptVersionId,
            String provider, String model, String input, ModelParameters parameters, String requestId,
            Optional<String> idempotencyKey, Optional<EndpointId> endpointId, Optional<ConversationId> conversationId,
            Optional<String> message, Optional<SchemaContract> outputSchema) {
        this(tenantId, apiKeyId, source, promptVersionId, provider, model, input, parameters, requestId,
                idempotencyKey, endpointId, conversationId, message, outputSchema, List.of());
    }

    /** A request with no endpoint, conversation, message or output schema, as the execute API makes. */
    public ExecutionRequest(TenantId tenantId, ApiKeyId apiKeyId, Surface source, Optional<String> promptVersionId,
            String provider, String model, String input, ModelParameters parameters, String requestId,
            Optional<String> idempotencyKey) {
        this(tenantId, apiKeyId, source, promptVersionId, provider, model, input, parameters, requestId,
                idempotencyKey, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

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
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(outputSchema, "outputSchema");
        messages = List.copyOf(messages);
        Objects.requireNonNull(traceParent, "traceParent");
    }

    /** This request, in the trace of {@code trace}. */
    public ExecutionRequest withTraceParent(Optional<TraceParent> trace) {
        return new ExecutionRequest(tenantId, apiKeyId, source, promptVersionId, provider, model, input, parameters,
                requestId, idempotencyKey, endpointId, conversationId, message, outputSchema, messages, trace);
    }
}
