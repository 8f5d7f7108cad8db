package io.promptengine.adapters.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.NotFoundResponse;
import io.promptengine.application.port.in.AdmitRequestUseCase;
import io.promptengine.application.port.in.CallEndpointCommand;
import io.promptengine.application.port.in.CallEndpointUseCase;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.ExecutionResult;
import io.promptengine.domain.endpoint.EndpointPath;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionStatus;
import io.promptengine.domain.execution.ExecutionOutput;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Calls of tenant endpoints: a {@code POST} to any path that is not one of Prompt Engine's own runs the caller's
 * tenant's endpoint at that path. The answer is the JSON document the endpoint's output schema describes, or
 * the model's text as {@code text/plain}; {@code X-Execution-Id} names the execution and {@code X-Cache} says how
 * the response cache took part, when the endpoint caches. A call runs a prompt, so it is rate-limited like the
 * execute API, and takes an {@code Idempotency-Key}.
 */
final class TenantEndpointRoutes {

    static final String EXECUTION_ID_HEADER = "X-Execution-Id";
    static final String TEXT_CONTENT_TYPE = "text/plain; charset=utf-8";
    private static final Set<String> QUERY_PARAMETERS = Set.of("prompt");

    private final Credentials credentials;
    private final AdmitRequestUseCase admitRequest;
    private final CallEndpointUseCase callEndpoint;
    private final JsonBody body;
    private final Json json;
    private final IdempotentRequests idempotent;
    private final ErrorMapping errors;
    private final Optional<String> baseDomain;

    TenantEndpointRoutes(Credentials credentials, AdmitRequestUseCase admitRequest, CallEndpointUseCase callEndpoint,
            JsonBody body, Json json, IdempotentRequests idempotent, ErrorMapping errors,
            Optional<String> baseDomain) {
        this.errors = errors;
        this.credentials = credentials;
        this.admitRequest = admitRequest;
        this.callEndpoint = callEndpoint;
        this.body = body;
        this.json = json;
        this.idempotent = idempotent;
        this.baseDomain = baseDomain;
    }

    /**
     * Tenant paths are open-ended, so they are served where no route of ours matched the path
     * ({@link MountedRoutes#fallback}), after its check for a 405. A {@code POST} of a path outside our reserved
     * prefixes calls the endpoint at that path, the base path the API is mounted under taken off; any other
     * request is our 404.
     */
    void unrouted(Context ctx) throws IOException {
        if (ctx.method() != HandlerType.POST || EndpointPath.isReserved(BasePath.apiPath(ctx))) {
            throw new NotFoundResponse();
        }
        call(ctx);
    }

    private void call(Context ctx) throws IOException {
        Caller caller = credentials.caller(ctx);
        RateLimitHeaders.set(ctx, admitRequest.admit(caller));
        Map<String, List<String>> parameters = QueryString.parameters(ctx);
        ListParameters.requireKnown(parameters, QUERY_PARAMETERS, "prompt");
        JsonNode document = body.readEndpointInput(ctx);
        idempotent.serve(ctx, caller, document, () -> answer(ctx, caller, parameters, document), recorded -> {
            if (recorded.status() == ExecutionStatus.COMPLETED) {
                answer(ctx, recorded);
            } else {
                idempotent.failed(ctx, recorded);
            }
        });
    }

    /**
     * Input with its keys sorted, so that the response cache finds the same input sent in another key order.
     * {@code Accept: text/event-stream} streams the model's text instead ({@link EventStream}), without the cache;
     * the body is the endpoint's input, so a {@code "stream"} member there is input, not a request to stream.
     */
    private void answer(Context ctx, Caller caller, Map<String, List<String>> parameters, JsonNode document) {
        CallEndpointCommand command = new CallEndpointCommand(caller, hostTenant(ctx.host()), BasePath.apiPath(ctx),
                ListParameters.value(parameters, "prompt"), json.canonical(document), RequestIds.of(ctx),
                CacheHeaders.bypass(ctx), IdempotentRequests.key(ctx));
        if (EventStream.requested(ctx, Optional.empty())) {
            EventStream.serve(ctx, json, errors, events -> completedEvent(callEndpoint.stream(command, events)
                    .execution()));
            return;
        }
        ExecutionResult result = callEndpoint.call(command);
        CacheHeaders.set(ctx, result.cache());
        answer(ctx, result.execution());
    }

    /**
     * The {@code completed} event of a streamed call: the execution as the execute API shows it, its
     * {@code output} the checked JSON document when the endpoint has an output schema, else the text.
     */
    private static Object completedEvent(Execution completed) {
        ExecutionOutput output = completed.output().orElseThrow();
        return ExecutionBodies.CompletedBody.streamed(completed, output.json().orElse(output.text()));
    }

    /** The output of a completed call: its JSON document, or its text. */
    private static void answer(Context ctx, Execution completed) {
        ctx.header(EXECUTION_ID_HEADER, completed.id().value());
        ExecutionOutput output = completed.output().orElseThrow();
        if (output.json().isPresent()) {
            ctx.status(200).contentType(Json.CONTENT_TYPE).result(output.json().get());
        } else {
            ctx.status(200).contentType(TEXT_CONTENT_TYPE).result(output.text());
        }
    }

    /** The tenant a {@code {tenant}.{base domain}} host names; none for any other host, which is direct access. */
    Optional<String> hostTenant(String host) {
        if (baseDomain.isEmpty() || host == null) {
            return Optional.empty();
        }
        String name = host.strip().toLowerCase(Locale.ROOT);
        int port = name.lastIndexOf(':');
        if (port >= 0 && name.indexOf(']') < port) {
            name = name.substring(0, port);
        }
        String suffix = "." + baseDomain.get();
        if (!name.endsWith(suffix) || name.length() == suffix.length()) {
            return Optional.empty();
        }
        return Optional.of(name.substring(0, name.length() - suffix.length()));
    }

}
