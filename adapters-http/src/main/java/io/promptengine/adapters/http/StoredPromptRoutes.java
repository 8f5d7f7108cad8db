package io.promptengine.adapters.http;

import io.javalin.http.Context;
import io.promptengine.application.port.in.AdmitRequestUseCase;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.RunStoredPromptCommand;
import io.promptengine.application.port.in.RunStoredPromptUseCase;
import io.promptengine.application.port.in.StoredPromptAnswer;
import io.promptengine.domain.error.ConflictException;
import io.promptengine.domain.error.ExecutionFailedException;
import io.promptengine.domain.execution.ExecutionStatus;
import java.io.IOException;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The stored-prompt API: {@code POST /v1/prompt/{uuid}/{provider}} runs a stored prompt by its id on a named
 * provider, in a conversation. It runs a prompt, so it is rate-limited like the execute API, and takes an
 * {@code Idempotency-Key}. It is never answered from the response cache: every call adds turns to a conversation.
 */
final class StoredPromptRoutes {

    private final Credentials credentials;
    private final AdmitRequestUseCase admitRequest;
    private final RunStoredPromptUseCase runStoredPrompt;
    private final JsonBody body;
    private final Json json;
    private final IdempotentRequests idempotent;
    private final ErrorMapping errors;

    StoredPromptRoutes(Credentials credentials, AdmitRequestUseCase admitRequest,
            RunStoredPromptUseCase runStoredPrompt, JsonBody body, Json json, IdempotentRequests idempotent,
            ErrorMapping errors) {
        this.errors = errors;
        this.credentials = credentials;
        this.admitRequest = admitRequest;
        this.runStoredPrompt = runStoredPrompt;
        this.body = body;
        this.json = json;
        this.idempotent = idempotent;
    }

    void register(MountedRoutes routes) {
        routes.post("/v1/prompt/{uuid}/{provider}", this::run);
    }

    private void run(Context ctx) throws IOException {
        Caller caller = credentials.caller(ctx);
        RateLimitHeaders.set(ctx, admitRequest.admit(caller));
        JsonNode document = body.readObject(ctx);
        idempotent.serve(ctx, caller, document, () -> {
            RunStoredPromptRequest request = RunStoredPromptRequest.from(document, json);
            RunStoredPromptCommand command = request.toCommand(caller, ctx.pathParam("uuid"),
                    ctx.pathParam("provider"), RequestIds.of(ctx), IdempotentRequests.key(ctx));
            if (EventStream.requested(ctx, Optional.of(document))) {
                EventStream.serve(ctx, json, errors, events -> StoredPromptBodies.AnswerBody.of(
                        runStoredPrompt.stream(command, events), json, BasePath.of(ctx)));
                return;
            }
            StoredPromptAnswer answer = runStoredPrompt.run(command);
            json.respond(ctx, 200, StoredPromptBodies.AnswerBody.of(answer, json, BasePath.of(ctx)));
        }, recorded -> {
            if (recorded.status() != ExecutionStatus.COMPLETED) {
                idempotent.failed(ctx, recorded);
                return;
            }
            // the answer names the conversation's new turns, which the dead request may not have appended
            throw new ExecutionFailedException(new ConflictException("The first request with this Idempotency-Key "
                    + "ran as execution " + recorded.id().value() + " but stopped before it answered; its result is "
                    + "at GET /v1/executions/" + recorded.id().value()), recorded.id().value());
        });
    }
}
