package io.promptengine.adapters.http;

import io.javalin.http.Context;
import io.promptengine.application.port.in.AdmitRequestUseCase;
import io.promptengine.application.port.in.CancelExecutionUseCase;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.ExecutePromptCommand;
import io.promptengine.application.port.in.ExecutePromptUseCase;
import io.promptengine.application.port.in.ExecutionResult;
import io.promptengine.application.port.in.GetExecutionUseCase;
import io.promptengine.application.port.in.ListExecutionsUseCase;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionStatus;
import io.promptengine.domain.error.InvalidInputException;
import java.io.IOException;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The execution API: run a prompt, then poll, read, list and cancel executions. Every route needs an API key;
 * running a prompt is rate-limited, and its answers carry the limit's headers from admission on.
 */
final class ExecutionRoutes {

    private final Credentials credentials;
    private final AdmitRequestUseCase admitRequest;
    private final ExecutePromptUseCase executePrompt;
    private final GetExecutionUseCase getExecution;
    private final ListExecutionsUseCase listExecutions;
    private final CancelExecutionUseCase cancelExecution;
    private final JsonBody body;
    private final Json json;
    private final IdempotentRequests idempotent;
    private final ErrorMapping errors;

    ExecutionRoutes(Credentials credentials, AdmitRequestUseCase admitRequest, ExecutePromptUseCase executePrompt,
            GetExecutionUseCase getExecution, ListExecutionsUseCase listExecutions,
            CancelExecutionUseCase cancelExecution, JsonBody body, Json json, IdempotentRequests idempotent,
            ErrorMapping errors) {
        this.errors = errors;
        this.credentials = credentials;
        this.admitRequest = admitRequest;
        this.executePrompt = executePrompt;
        this.getExecution = getExecution;
        this.listExecutions = listExecutions;
        this.cancelExecution = cancelExecution;
        this.body = body;
        this.json = json;
        this.idempotent = idempotent;
    }

    void register(MountedRoutes routes) {
        routes.post("/v1/prompt/execute", this::execute);
        routes.get("/v1/executions", this::list);
        routes.get("/v1/executions/{id}", this::get);
        routes.get("/v1/executions/{id}/status", this::status);
        routes.post("/v1/executions/{id}/cancel", this::cancel);
    }

    /**
     * Sync by default, through the response cache ({@code X-Cache}); {@code Prefer: respond-async} or
     * {@code "async": true} queue it and answer 202 at once, without the cache; {@code "stream": true} or
     * {@code Accept: text/event-stream} stream it ({@link EventStream}), without the cache.
     */
    private void execute(Context ctx) throws IOException {
        Caller caller = credentials.caller(ctx);
        RateLimitHeaders.set(ctx, admitRequest.admit(caller));
        JsonNode document = body.readObject(ctx);
        idempotent.serve(ctx, caller, document, () -> execute(ctx, caller, document),
                recorded -> answer(ctx, document, recorded));
    }

    private void execute(Context ctx, Caller caller, JsonNode document) {
        ExecuteRequest request = ExecuteRequest.from(document);
        ExecutePromptCommand command = request.toCommand(caller, RequestIds.of(ctx), IdempotentRequests.key(ctx),
                CacheHeaders.bypass(ctx));
        boolean preferAsync = Prefer.respondAsync(ctx.header("Prefer"));
        boolean stream = request.stream() || EventStream.requested(ctx, Optional.empty());
        if (stream && (preferAsync || request.async())) {
            throw new InvalidInputException("stream", "A streamed execution cannot also be async: ask for one of "
                    + "'stream' and 'async' (or Prefer: respond-async)");
        }
        if (stream) {
            EventStream.serve(ctx, json, errors,
                    events -> ExecutionBodies.CompletedBody.streamed(executePrompt.stream(command, events).execution()));
        } else if (preferAsync || request.async()) {
            accepted(ctx, executePrompt.submit(command), preferAsync);
        } else {
            ExecutionResult result = executePrompt.execute(command);
            CacheHeaders.set(ctx, result.cache());
            json.respond(ctx, 200, ExecutionBodies.CompletedBody.of(result.execution()));
        }
    }

    private void accepted(Context ctx, Execution queued, boolean preferAsync) {
        ctx.header("Location", BasePath.of(ctx).under("/v1/executions/" + queued.id().value()));
        if (preferAsync) {
            ctx.header("Preference-Applied", Prefer.RESPOND_ASYNC);
        }
        json.respond(ctx, 202, ExecutionBodies.QueuedBody.asQueued(queued));
    }

    /** The answer the request that started {@code recorded} would have had: its 202, or the sync outcome. */
    private void answer(Context ctx, JsonNode document, Execution recorded) {
        boolean preferAsync = Prefer.respondAsync(ctx.header("Prefer"));
        if (preferAsync || ExecuteRequest.from(document).async()) {
            accepted(ctx, recorded, preferAsync);
        } else if (recorded.status() == ExecutionStatus.COMPLETED) {
            json.respond(ctx, 200, ExecutionBodies.CompletedBody.of(recorded));
        } else {
            idempotent.failed(ctx, recorded);
        }
    }

    private void list(Context ctx) {
        Caller caller = credentials.caller(ctx);
        json.respond(ctx, 200, ExecutionBodies.ListBody.of(
                listExecutions.list(ListParameters.toQuery(caller, QueryString.parameters(ctx)))));
    }

    private void get(Context ctx) {
        Caller caller = credentials.caller(ctx);
        json.respond(ctx, 200, ExecutionBodies.ExecutionBody.of(getExecution.get(caller, ctx.pathParam("id"))));
    }

    private void status(Context ctx) {
        Caller caller = credentials.caller(ctx);
        json.respond(ctx, 200, ExecutionBodies.StatusBody.of(getExecution.get(caller, ctx.pathParam("id"))));
    }

    private void cancel(Context ctx) {
        Caller caller = credentials.caller(ctx);
        body.requireJsonIfPresent(ctx);
        json.respond(ctx, 200,
                ExecutionBodies.ExecutionBody.of(cancelExecution.cancel(caller, ctx.pathParam("id"))));
    }

}
