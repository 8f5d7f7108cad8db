package io.promptengine.application.service;

import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.ExecutePromptCommand;
import io.promptengine.application.port.in.ExecutePromptUseCase;
import io.promptengine.application.port.in.ExecutionResult;
import io.promptengine.application.port.in.StreamObserver;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.ExecutionStore;
import io.promptengine.application.port.out.IdGenerator;
import io.promptengine.application.port.out.ModelRouter;
import io.promptengine.application.port.out.PromptStore;
import io.promptengine.application.port.out.SchemaValidator;
import io.promptengine.domain.error.NotFoundException;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.prompt.Prompt;
import io.promptengine.domain.prompt.PromptId;
import io.promptengine.domain.prompt.PromptVersion;
import io.promptengine.domain.tenant.TenantId;
import io.promptengine.application.port.out.WorkContext;
import io.promptengine.application.port.out.WorkerPool;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionRequest;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.tenant.Scope;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The execute API. A sync execution runs on the caller's thread, through the response cache for the configured
 * time to live, and is written once, when it has ended; an async one is written {@code queued} before the caller
 * hears back, then claimed from the queue by a worker of any instance ({@link QueueWorker}), and never touches
 * the cache (its caller is not waiting for the answer, and a cached one would arrive the same way).
 */
public final class ExecutePromptService implements ExecutePromptUseCase {

    private final ModelRouter router;
    private final ExecutionStore executions;
    private final ExecutionRunner runner;
    private final WorkerPool workers;
    private final IdGenerator ids;
    private final Clock clock;
    private final ResponseCaching caching;
    private final Duration cacheTtl;
    private final SchemaValidator schemas;
    private final PromptStore prompts;
    private final WorkContext work;

    /**
     * @param cacheTtl how long sync answers are cached; {@link Duration#ZERO} turns the cache off for this API
     * @param prompts the stored prompts a chat command may name as {@code prompt:<name>}
     * @param schemas refuses a chat request's unusable {@code response_format} schema before any model call
     */
    public ExecutePromptService(ModelRouter router, ExecutionStore executions, ExecutionRunner runner,
            WorkerPool workers, IdGenerator ids, Clock clock, ResponseCaching caching, Duration cacheTtl,
            SchemaValidator schemas, PromptStore prompts) {
        this(router, executions, runner, workers, ids, clock, caching, cacheTtl, schemas, prompts, WorkContext.NONE);
    }

    /** @param work the trace each new execution records */
    public ExecutePromptService(ModelRouter router, ExecutionStore executions, ExecutionRunner runner,
            WorkerPool workers, IdGenerator ids, Clock clock, ResponseCaching caching, Duration cacheTtl,
            SchemaValidator schemas, PromptStore prompts, WorkContext work) {
        this.work = work;
        this.schemas = schemas;
        this.prompts = prompts;
        this.router = router;
        this.executions = executions;
        this.runner = runner;
        this.workers = workers;
        this.ids = ids;
        this.clock = clock;
        this.caching = caching;
        this.cacheTtl = cacheTtl;
    }

    @Override
    public ExecutionResult execute(ExecutePromptCommand command) {
        if (command.storedPrompt().isPresent()) {
            Prepared prepared = prepareStored(command);
            return caching.runNow(prepared.queued(), prepared.routed(), cacheTtl, command.cacheBypass());
        }
        ModelRouter.Routed routed = route(command);
        return caching.runNow(prepare(command, routed), routed, cacheTtl, command.cacheBypass());
    }

    /** Never through the cache: a streamed answer is the model's own, as it makes it. */
    @Override
    public ExecutionResult stream(ExecutePromptCommand command, StreamObserver observer) {
        if (command.storedPrompt().isPresent()) {
            Prepared prepared = prepareStored(command);
            return ExecutionResult.uncached(runner.stream(prepared.queued(), prepared.routed(), observer));
        }
        ModelRouter.Routed routed = route(command);
        return ExecutionResult.uncached(runner.stream(prepare(command, routed), routed, observer));
    }

    @Override
    public List<String> models(Caller caller) {
        caller.require(Scope.EXECUTE);
        List<String> models = new java.util.ArrayList<>(router.models());
        prompts.list(caller.tenantId(), Optional.empty()).stream()
                .filter(prompt -> prompts.findLive(prompt.id()).isPresent())
                .forEach(prompt -> models.add(ExecutePromptCommand.PROMPT_PREFIX + prompt.name()));
        return List.copyOf(models);
    }

    @Override
    public Execution submit(ExecutePromptCommand command) {
        Execution queued = command.storedPrompt().isPresent() ? prepareStored(command).queued()
                : prepare(command, route(command));
        executions.insert(queued);
        workers.wake();
        return queued;
    }

    /**
     * The command's model routed, once the caller may execute: a model no provider serves, or an output schema
     * that cannot be used, is a 400.
     */
    private ModelRouter.Routed route(ExecutePromptCommand command) {
        command.caller().require(Scope.EXECUTE);
        command.outputSchema().ifPresent(schema -> schemas.check("response_format", schema));
        return router.route(command.model()).orElseThrow(reason -> new InvalidInputException("model", reason));
    }

    /** A new execution and the provider its model routes to. */
    private record Prepared(Execution queued, ModelRouter.Routed routed) {
    }

    /**
     * A chat command naming a stored prompt ({@code prompt:<name>} or {@code prompt:<id>}): its live version, on
     * the version's model with the version's parameters unless the request sets them, held to the request's
     * {@code response_format} or else the version's output schema; the templates render with the command's
     * variables and the request's messages follow them. The model recorded is the version's.
     */
    private Prepared prepareStored(ExecutePromptCommand command) {
        command.caller().require(Scope.EXECUTE);
        command.outputSchema().ifPresent(schema -> schemas.check("response_format", schema));
        Prompt prompt = storedPrompt(command.caller().tenantId(), command.storedPrompt().orElseThrow());
        PromptVersion live = prompts.findLive(prompt.id()).orElseThrow(() -> new InvalidInputException("model",
                "Prompt '" + prompt.name() + "' has no live version; publish one to run it"));
        String model = StoredPromptRuns.modelOf(live);
        ModelRouter.Routed routed = router.route(model).orElseThrow(reason -> new InvalidInputException("model",
                reason));
        ModelParameters parameters = new ModelParameters(
                command.parameters().temperature().isPresent() ? command.parameters().temperature()
                        : live.parameters().temperature(),
                command.parameters().maxTokens().isPresent() ? command.parameters().maxTokens()
                        : live.parameters().maxTokens());
        ExecutionRequest request = new ExecutionRequest(command.caller().tenantId(), command.caller().apiKeyId(),
                Surface.CHAT_API, Optional.of(live.id().value()), routed.provider().name(), model, command.input(),
                parameters, command.requestId(), command.idempotencyKey(), Optional.empty(), Optional.empty(),
                Optional.empty(), command.outputSchema().or(live::outputSchema), command.messages());
        return new Prepared(queue(request), routed);
    }

    /**
     * The tenant's prompt by id, or by name: one not attached to an endpoint first, else the only one of that
     * name; a name several endpoints' prompts share is a 400 asking for the id.
     */
    private Prompt storedPrompt(TenantId tenant, String reference) {
        if (PromptId.isWellFormed(reference)) {
            Optional<Prompt> byId = prompts.find(tenant, new PromptId(reference));
            if (byId.isPresent()) {
                return byId.get();
            }
        }
        Optional<Prompt> unattached = prompts.findByName(tenant, Optional.empty(), reference);
        if (unattached.isPresent()) {
            return unattached.get();
        }
        List<Prompt> named = prompts.list(tenant, Optional.empty()).stream()
                .filter(prompt -> prompt.name().equals(reference)).toList();
        if (named.size() > 1) {
            throw new InvalidInputException("model", "Several prompts are named '" + reference + "'; name one "
                    + "by its id: 'prompt:<id>'");
        }
        return named.stream().findFirst().orElseThrow(() -> new NotFoundException("No prompt named '" + reference
                + "'"));
    }

    private Execution prepare(ExecutePromptCommand command, ModelRouter.Routed routed) {
        ExecutionRequest request = new ExecutionRequest(command.caller().tenantId(), command.caller().apiKeyId(),
                command.isChat() ? Surface.CHAT_API : Surface.EXECUTE_API, Optional.empty(),
                routed.provider().name(), command.model(), command.input(), command.parameters(),
                command.requestId(), command.idempotencyKey(), Optional.empty(), Optional.empty(),
                Optional.empty(), command.outputSchema(), command.messages());
        return queue(request);
    }

    /** A new execution of {@code request} in the trace the caller works in: a worker continues it. */
    private Execution queue(ExecutionRequest request) {
        return Execution.queue(ids.executionId(), request.withTraceParent(work.traceParent()), clock.now());
    }
}
