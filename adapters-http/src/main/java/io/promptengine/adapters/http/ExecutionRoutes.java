package io.promptengine.adapters.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.promptengine.application.port.in.AdmitRequestUseCase;
import io.promptengine.application.port.in.CancelExecutionUseCase;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.ExecutePromptCommand;
import io.promptengine.application.port.in.ExecutePromptUseCase;
import io.promptengine.application.port.in.GetExecutionUseCase;
import io.promptengine.application.port.in.ListExecutionsUseCase;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.execution.Execution;
import java.io.IOException;
import java.util.Optional;

/**
 * The execution API: run a prompt, then poll, read, list and cancel executions. Every route needs an API key;
 * running a prompt is rate-limited, and its answers carry the limit's headers from admission on.
 */
final class ExecutionRoutes {

    static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;

    private final Credentials credentials;
    private final AdmitRequestUseCase admitRequest;
    private final ExecutePromptUseCase executePrompt;
    private final GetExecutionUseCase getExecution;
    private final ListExecutionsUseCase listExecutions;
    private final CancelExecutionUseCase cancelExecution;
    private final JsonBody body;
    private final Json json;

    ExecutionRoutes(Credentials credentials, AdmitRequestUseCase admitRequest, ExecutePromptUseCase executePrompt,
            GetExecutionUseCase getExecution, ListExecutionsUseCase listExecutions,
            CancelExecutionUseCase cancelExecution, JsonBody body, Json json) {
        this.credentials = credentials;
        this.admitRequest = admitRequest;
        this.executePrompt = executePrompt;
        this.getExecution = getExecution;
        this.listExecutions = listExecutions;
        this.cancelExecution = cancelExecution;
        this.body = body;
        this.json = json;
    }

    void register(RoutesConfig routes) {
        routes.post("/v1/prompt/execute", this::execute);
        routes.get("/v1/executions", this::list);
        routes.get("/v1/executions/{id}", this::get);
        routes.get("/v1/executions/{id}/status", this::status);
        routes.post("/v1/executions/{id}/cancel", this::cancel);
    }

    /** Sync by default; {@code Prefer: respond-async} or {@code "async": true} queue it and answer 202 at once. */
    private void execute(Context ctx) throws IOException {
        Caller caller = credentials.caller(ctx);
        RateLimitHeaders.set(ctx, admitRequest.admit(caller));
        ExecuteRequest request = ExecuteRequest.from(body.readObject(ctx));
        ExecutePromptCommand command = request.toCommand(caller, RequestIds.of(ctx), idempotencyKey(ctx));
        boolean preferAsync = Prefer.respondAsync(ctx.header("Prefer"));
        if (preferAsync || request.async()) {
            Execution queued = executePrompt.submit(command);
            ctx.header("Location", "/v1/executions/" + queued.id().value());
            if (preferAsync) {
                ctx.header("Preference-Applied", Prefer.RESPOND_ASYNC);
            }
            json.respond(ctx, 202, ExecutionBodies.QueuedBody.of(queued));
        } else {
            json.respond(ctx, 200, ExecutionBodies.CompletedBody.of(executePrompt.execute(command)));
        }
    }

    private void list(Context ctx) {
        Caller caller = credentials.caller(ctx);
        json.respond(ctx, 200, ExecutionBodies.ListBody.of(
                listExecutions.list(ListParameters.toQuery(caller, ctx.queryParamMap()))));
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

    static Optional<String> idempotencyKey(Context ctx) {
        String key = ctx.header(IDEMPOTENCY_HEADER);
        if (key == null) {
            return Optional.empty();
        }
        if (!RequestIds.isVisibleAscii(key, MAX_IDEMPOTENCY_KEY_LENGTH)) {
            throw new InvalidInputException(IDEMPOTENCY_HEADER, "Header 'Idempotency-Key' must be 1 to "
                    + MAX_IDEMPOTENCY_KEY_LENGTH + " visible ASCII characters");
        }
        return Optional.of(key);
    }
}
