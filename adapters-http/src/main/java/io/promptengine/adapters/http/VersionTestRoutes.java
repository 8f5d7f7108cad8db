package io.promptengine.adapters.http;

import io.javalin.http.Context;
import io.promptengine.domain.execution.ExecutionStatus;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.TestPromptVersionCommand;
import io.promptengine.application.port.in.TestPromptVersionUseCase;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.error.NotFoundException;
import java.io.IOException;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/prompts/{id}/versions/{version}/test}: runs any version of a prompt, drafts included, on a
 * given input and answers the whole execution. A management action ({@code manage} scope), so the plan's request
 * limit does not count it; the tokens it uses count as any execution's do. It takes an {@code Idempotency-Key}, and
 * is never answered from the response cache: a test is meant to call the model.
 */
final class VersionTestRoutes {

    private static final Set<String> FIELDS = Set.of("input");

    private final Credentials credentials;
    private final TestPromptVersionUseCase testVersion;
    private final JsonBody body;
    private final Json json;
    private final IdempotentRequests idempotent;

    VersionTestRoutes(Credentials credentials, TestPromptVersionUseCase testVersion, JsonBody body, Json json,
            IdempotentRequests idempotent) {
        this.credentials = credentials;
        this.testVersion = testVersion;
        this.body = body;
        this.json = json;
        this.idempotent = idempotent;
    }

    void register(MountedRoutes routes) {
        routes.post("/v1/prompts/{id}/versions/{version}/test", this::test);
    }

    private void test(Context ctx) throws IOException {
        Caller caller = credentials.caller(ctx);
        JsonNode request = body.readObject(ctx);
        idempotent.serve(ctx, caller, request, () -> test(ctx, caller, request), recorded -> {
            if (recorded.status() == ExecutionStatus.COMPLETED) {
                json.respond(ctx, 200, ExecutionBodies.ExecutionBody.of(recorded));
            } else {
                idempotent.failed(ctx, recorded);
            }
        });
    }

    private void test(Context ctx, Caller caller, JsonNode request) {
        RequestFields.refuseUnknown(request, FIELDS, "input");
        JsonNode input = request.get("input");
        if (input == null) {
            throw InvalidInputException.required("input");
        }
        if (!input.isObject()) {
            throw RequestFields.mustBe("input", "an object");
        }
        TestPromptVersionCommand command = new TestPromptVersionCommand(caller, ctx.pathParam("id"),
                versionNumber(ctx.pathParam("version")), json.text(input),
                RequestIds.of(ctx), IdempotentRequests.key(ctx));
        json.respond(ctx, 200, ExecutionBodies.ExecutionBody.of(testVersion.test(command)));
    }

    /** Versions are numbered from 1; anything else names no version. */
    private static int versionNumber(String text) {
        if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(text) < 1) {
            throw new NotFoundException("No version '" + text + "' of this prompt; versions are numbered from 1");
        }
        return Integer.parseInt(text);
    }
}
