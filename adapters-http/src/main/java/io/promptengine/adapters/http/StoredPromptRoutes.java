package io.promptengine.adapters.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.promptengine.application.port.in.AdmitRequestUseCase;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.RunStoredPromptUseCase;
import io.promptengine.application.port.in.StoredPromptAnswer;
import java.io.IOException;

/**
 * The stored-prompt API: {@code POST /v1/prompt/{uuid}/{provider}} runs a stored prompt by its id on a named
 * provider, in a conversation. It runs a prompt, so it is rate-limited like the execute API.
 */
final class StoredPromptRoutes {

    private final Credentials credentials;
    private final AdmitRequestUseCase admitRequest;
    private final RunStoredPromptUseCase runStoredPrompt;
    private final JsonBody body;
    private final Json json;

    StoredPromptRoutes(Credentials credentials, AdmitRequestUseCase admitRequest,
            RunStoredPromptUseCase runStoredPrompt, JsonBody body, Json json) {
        this.credentials = credentials;
        this.admitRequest = admitRequest;
        this.runStoredPrompt = runStoredPrompt;
        this.body = body;
        this.json = json;
    }

    void register(RoutesConfig routes) {
        routes.post("/v1/prompt/{uuid}/{provider}", this::run);
    }

    private void run(Context ctx) throws IOException {
        Caller caller = credentials.caller(ctx);
        RateLimitHeaders.set(ctx, admitRequest.admit(caller));
        RunStoredPromptRequest request = RunStoredPromptRequest.from(body.readObject(ctx), json);
        StoredPromptAnswer answer = runStoredPrompt.run(request.toCommand(caller, ctx.pathParam("uuid"),
                ctx.pathParam("provider"), RequestIds.of(ctx)));
        json.respond(ctx, 200, StoredPromptBodies.AnswerBody.of(answer, json));
    }
}
