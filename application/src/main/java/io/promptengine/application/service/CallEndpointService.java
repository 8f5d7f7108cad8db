package io.promptengine.application.service;

import io.promptengine.application.port.in.CallEndpointCommand;
import io.promptengine.application.port.in.CallEndpointUseCase;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.ExecutionResult;
import io.promptengine.application.port.in.StreamObserver;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.EndpointStore;
import io.promptengine.application.port.out.IdGenerator;
import io.promptengine.application.port.out.ModelRouter;
import io.promptengine.application.port.out.PromptStore;
import io.promptengine.application.port.out.TenantStore;
import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.endpoint.EndpointPath;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.error.NotFoundException;
import io.promptengine.domain.error.PermissionDeniedException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionRequest;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.prompt.Prompt;
import io.promptengine.domain.prompt.PromptVersion;
import io.promptengine.domain.tenant.Scope;
import io.promptengine.domain.tenant.Tenant;
import io.promptengine.domain.tenant.TenantId;
import java.util.Optional;

/**
 * Tenant endpoint calls. Everything that can refuse the call is decided before the model is called: the host,
 * the endpoint, the prompt and its live version, the input against the input schema. The endpoint's output
 * schema, else the version's, is the contract of the answer. Answers are cached for the endpoint's cache time to
 * live, keyed by the live version, so publishing a new version never serves an older version's answer.
 */
public final class CallEndpointService implements CallEndpointUseCase {

    private final TenantStore tenants;
    private final EndpointStore endpoints;
    private final PromptStore prompts;
    private final StoredPromptRuns runs;
    private final ResponseCaching caching;
    private final IdGenerator ids;
    private final Clock clock;

    public CallEndpointService(TenantStore tenants, EndpointStore endpoints, PromptStore prompts,
            StoredPromptRuns runs, ResponseCaching caching, IdGenerator ids, Clock clock) {
        this.tenants = tenants;
        this.endpoints = endpoints;
        this.prompts = prompts;
        this.runs = runs;
        this.caching = caching;
        this.ids = ids;
        this.clock = clock;
    }

    @Override
    public ExecutionResult call(CallEndpointCommand command) {
        Prepared prepared = prepare(command);
        return caching.runNow(prepared.queued(), prepared.routed(), prepared.endpoint().cacheTtl(),
                command.cacheBypass());
    }

    @Override
    public ExecutionResult stream(CallEndpointCommand command, StreamObserver observer) {
        Prepared prepared = prepare(command);
        return ExecutionResult.uncached(runs.stream(prepared.queued(), prepared.routed(), observer));
    }

    /** A call that nothing refused: its new execution, where its model routes, and the endpoint it calls. */
    private record Prepared(Execution queued, ModelRouter.Routed routed, Endpoint endpoint) {
    }

    private Prepared prepare(CallEndpointCommand command) {
        Caller caller = command.caller();
        caller.require(Scope.EXECUTE);
        command.hostTenant().ifPresent(slug -> requireOwnTenant(caller.tenantId(), slug));
        Endpoint endpoint = endpointAt(caller.tenantId(), command.path());
        Prompt prompt = command.promptName().map(name -> named(endpoint, name)).orElseGet(() -> byDefault(endpoint));
        PromptVersion live = runs.live(prompt);
        runs.requireConforming(endpoint.inputSchema(), command.input());
        String model = StoredPromptRuns.modelOf(live);
        ModelRouter.Routed routed = runs.route(model);
        ExecutionRequest request = new ExecutionRequest(caller.tenantId(), caller.apiKeyId(), Surface.ENDPOINT,
                Optional.of(live.id().value()), routed.provider().name(), model, command.input(),
                live.parameters(), command.requestId(), command.idempotencyKey(), Optional.of(endpoint.id()),
                Optional.empty(), Optional.empty(), endpoint.outputSchema().or(live::outputSchema));
        return new Prepared(runs.queue(request), routed, endpoint);
    }

    /** A request to {@code acme.<base domain>} is for tenant {@code acme}, whatever key it carries. */
    private void requireOwnTenant(TenantId caller, String hostTenant) {
        boolean own = tenants.find(caller).map(Tenant::slug).filter(hostTenant::equals).isPresent();
        if (!own) {
            throw new PermissionDeniedException("The host names tenant '" + hostTenant
                    + "', and this API key belongs to another tenant");
        }
    }

    private Endpoint endpointAt(TenantId tenant, String path) {
        Optional<Endpoint> found;
        try {
            found = endpoints.findByPath(tenant, new EndpointPath(path));
        } catch (InvalidInputException notAnEndpointPath) {
            found = Optional.empty();
        }
        return found.orElseThrow(() -> new NotFoundException("No endpoint at POST " + path));
    }

    private Prompt named(Endpoint endpoint, String name) {
        return prompts.findByName(endpoint.tenantId(), Optional.of(endpoint.id()), name)
                .orElseThrow(() -> new NotFoundException("No prompt named '" + name + "' on this endpoint"));
    }

    private Prompt byDefault(Endpoint endpoint) {
        return endpoint.defaultPrompt().flatMap(id -> prompts.find(endpoint.tenantId(), id))
                .orElseThrow(() -> new InvalidInputException("prompt", "Endpoint '" + endpoint.path()
                        + "' has no default prompt; name one with ?prompt=name"));
    }
}
