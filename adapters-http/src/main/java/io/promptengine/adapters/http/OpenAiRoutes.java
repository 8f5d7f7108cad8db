package io.promptengine.adapters.http;

import io.promptengine.application.port.in.AdmitRequestUseCase;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.ExecutePromptCommand;
import io.promptengine.application.port.in.ExecutePromptUseCase;
import io.promptengine.application.port.in.ExecutionResult;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionStatus;
import io.javalin.http.Context;
import java.io.IOException;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAI-compatible API: {@code POST /v1/chat/completions} and {@code GET /v1/models}, in OpenAI's wire
 * format, so that the OpenAI SDKs and the tools built on them work with a tenant API key as their
 * {@code Authorization: Bearer} key and Prompt Engine as their base URL. A chat completion is an execution like any
 * other: authenticated, rate-limited (with the same headers), recorded, priced, answered from the response cache
 * when not streamed, and idempotent under an {@code Idempotency-Key}; its id is in {@code X-Execution-Id}. Errors
 * use OpenAI's shape ({@link OpenAiErrors}).
 */
final class OpenAiRoutes {

    static final String CHAT_COMPLETIONS = "/v1/chat/completions";
    static final String MODELS = "/v1/models";
    /** The model name that runs a tenant's stored prompt: {@code prompt:<name>} or {@code prompt:<uuid>}. */
    static final String PROMPT_PREFIX = "prompt:";

    private final Credentials credentials;
    private final AdmitRequestUseCase admitRequest;
    private final ExecutePromptUseCase executePrompt;
    private final JsonBody body;
    private final Json json;
    private final IdempotentRequests idempotent;
    private final ErrorMapping errors;

    OpenAiRoutes(Credentials credentials, AdmitRequestUseCase admitRequest, ExecutePromptUseCase executePrompt,
            JsonBody body, Json json, IdempotentRequests idempotent, ErrorMapping errors) {
        this.credentials = credentials;
        this.admitRequest = admitRequest;
        this.executePrompt = executePrompt;
        this.body = body;
        this.json = json;
        this.idempotent = idempotent;
        this.errors = errors;
    }

    void register(MountedRoutes routes) {
        routes.post(CHAT_COMPLETIONS, this::chat);
        routes.get(MODELS, this::models);
    }

    private void chat(Context ctx) throws IOException {
        Caller caller = credentials.caller(ctx);
        RateLimitHeaders.set(ctx, admitRequest.admit(caller));
        JsonNode document = body.readObject(ctx);
        idempotent.serve(ctx, caller, document, () -> chat(ctx, caller, document),
                recorded -> answer(ctx, recorded));
    }

    private void chat(Context ctx, Caller caller, JsonNode document) {
        ChatRequest request = ChatRequest.from(document, json);
        ExecutePromptCommand command = request.toCommand(caller, RequestIds.of(ctx), IdempotentRequests.key(ctx),
                CacheHeaders.bypass(ctx));
        if (request.stream()) {
            EventStream.serve(ctx, new OpenAiChunks(json, request.includeUsage()), errors,
                    events -> executePrompt.stream(command, events).execution());
            return;
        }
        ExecutionResult result = executePrompt.execute(command);
        CacheHeaders.set(ctx, result.cache());
        respond(ctx, result.execution());
    }

    /** The answer the request that started {@code recorded} would have had, when it died before answering. */
    private void answer(Context ctx, Execution recorded) {
        if (recorded.status() == ExecutionStatus.COMPLETED) {
            respond(ctx, recorded);
        } else {
            idempotent.failed(ctx, recorded);
        }
    }

    private void respond(Context ctx, Execution completed) {
        ctx.header(TenantEndpointRoutes.EXECUTION_ID_HEADER, completed.id().value());
        json.respond(ctx, 200, OpenAiBodies.completion(completed));
    }

    private void models(Context ctx) {
        Caller caller = credentials.caller(ctx);
        json.respond(ctx, 200, OpenAiBodies.models(executePrompt.models(caller)));
    }
}
