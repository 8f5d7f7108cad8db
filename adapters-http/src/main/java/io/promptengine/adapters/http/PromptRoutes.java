package io.promptengine.adapters.http;

import io.javalin.http.Context;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.ManagePromptsUseCase;
import io.promptengine.domain.error.NotFoundException;
import io.promptengine.domain.prompt.Prompt;
import io.promptengine.domain.prompt.PromptVersion;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tenant's prompts and their versions: create, list, read and change prompts; write drafts, list and read
 * versions, publish a draft. Writes need the {@code manage} scope, reads {@code read} or {@code manage}; another
 * tenant's prompt answers 404 like a missing one. A version is addressed by its number.
 */
final class PromptRoutes {

    private static final Set<String> LIST_PARAMETERS = Set.of("endpoint_id");

    private final Credentials credentials;
    private final ManagePromptsUseCase prompts;
    private final JsonBody body;
    private final Json json;

    PromptRoutes(Credentials credentials, ManagePromptsUseCase prompts, JsonBody body, Json json) {
        this.credentials = credentials;
        this.prompts = prompts;
        this.body = body;
        this.json = json;
    }

    void register(MountedRoutes routes) {
        routes.post("/v1/prompts", this::create);
        routes.get("/v1/prompts", this::list);
        routes.get("/v1/prompts/{id}", this::get);
        routes.patch("/v1/prompts/{id}", this::update);
        routes.post("/v1/prompts/{id}/versions", this::createDraft);
        routes.get("/v1/prompts/{id}/versions", this::listVersions);
        routes.get("/v1/prompts/{id}/versions/{version}", this::getVersion);
        routes.post("/v1/prompts/{id}/versions/{version}/publish", this::publish);
    }

    private void create(Context ctx) throws IOException {
        Caller caller = credentials.caller(ctx);
        Prompt prompt = prompts.create(caller, DefinitionRequests.newPrompt(body.readObject(ctx)));
        ctx.header("Location", BasePath.of(ctx).under("/v1/prompts/" + prompt.id().value()));
        json.respond(ctx, 201, DefinitionBodies.PromptBody.of(prompt));
    }

    private void list(Context ctx) {
        Caller caller = credentials.caller(ctx);
        Map<String, List<String>> parameters = QueryString.parameters(ctx);
        ListParameters.requireKnown(parameters, LIST_PARAMETERS, "endpoint_id");
        json.respond(ctx, 200, DefinitionBodies.PromptListBody.of(
                prompts.list(caller, ListParameters.value(parameters, "endpoint_id"))));
    }

    private void get(Context ctx) {
        Caller caller = credentials.caller(ctx);
        json.respond(ctx, 200, DefinitionBodies.PromptBody.of(prompts.get(caller, ctx.pathParam("id"))));
    }

    private void update(Context ctx) throws IOException {
        Caller caller = credentials.caller(ctx);
        Prompt prompt = prompts.update(caller,
                DefinitionRequests.promptChanges(ctx.pathParam("id"), body.readObject(ctx)));
        json.respond(ctx, 200, DefinitionBodies.PromptBody.of(prompt));
    }

    private void createDraft(Context ctx) throws IOException {
        Caller caller = credentials.caller(ctx);
        String promptId = ctx.pathParam("id");
        PromptVersion draft = prompts.createDraft(caller,
                DefinitionRequests.newDraft(promptId, body.readObject(ctx), json));
        ctx.header("Location", BasePath.of(ctx).under("/v1/prompts/" + promptId + "/versions/" + draft.number()));
        json.respond(ctx, 201, DefinitionBodies.VersionBody.of(draft, json));
    }

    private void listVersions(Context ctx) {
        Caller caller = credentials.caller(ctx);
        json.respond(ctx, 200,
                DefinitionBodies.VersionListBody.of(prompts.listVersions(caller, ctx.pathParam("id")), json));
    }

    private void getVersion(Context ctx) {
        Caller caller = credentials.caller(ctx);
        PromptVersion version = prompts.getVersion(caller, ctx.pathParam("id"), number(ctx));
        json.respond(ctx, 200, DefinitionBodies.VersionBody.of(version, json));
    }

    private void publish(Context ctx) {
        Caller caller = credentials.caller(ctx);
        body.requireJsonIfPresent(ctx);
        PromptVersion live = prompts.publish(caller, ctx.pathParam("id"), number(ctx));
        json.respond(ctx, 200, DefinitionBodies.VersionBody.of(live, json));
    }

    /** The version number of the path; anything else names no version. */
    private static int number(Context ctx) {
        String text = ctx.pathParam("version");
        if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new NotFoundException("Version '" + text + "' of prompt '" + ctx.pathParam("id") + "' not found");
        }
        return Integer.parseInt(text);
    }
}
