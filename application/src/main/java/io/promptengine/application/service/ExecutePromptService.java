package io.promptengine.application.service;

import io.promptengine.application.port.in.ExecutePromptCommand;
import io.promptengine.application.port.in.ExecutePromptUseCase;
import io.promptengine.application.port.in.ExecutionResult;
import io.promptengine.application.port.in.StreamObserver;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.ExecutionStore;
import io.promptengine.application.port.out.IdGenerator;
import io.promptengine.application.port.out.ModelRouter;
import io.promptengine.application.port.out.WorkerPool;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionRequest;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.tenant.Scope;
import java.time.Duration;
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

    /**
     * @param cacheTtl how long sync answers are cached; {@link Duration#ZERO} turns the cache off for this API
     */
    public ExecutePromptService(ModelRouter router, ExecutionStore executions, ExecutionRunner runner,
            WorkerPool workers, IdGenerator ids, Clock clock, ResponseCaching caching, Duration cacheTtl) {
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
        ModelRouter.Routed routed = route(command);
        return caching.runNow(prepare(command, routed), routed, cacheTtl, command.cacheBypass());
    }

    /** Never through the cache: a streamed answer is the model's own, as it makes it. */
    @Override
    public ExecutionResult stream(ExecutePromptCommand command, StreamObserver observer) {
        ModelRouter.Routed routed = route(command);
        return ExecutionResult.uncached(runner.stream(prepare(command, routed), routed, observer));
    }

    @Override
    public Execution submit(ExecutePromptCommand command) {
        Execution queued = prepare(command, route(command));
        executions.insert(queued);
        workers.wake();
        return queued;
    }

    /** The command's model routed, once the caller may execute: a model no provider serves is a 400. */
    private ModelRouter.Routed route(ExecutePromptCommand command) {
        command.caller().require(Scope.EXECUTE);
        return router.route(command.model()).orElseThrow(reason -> new InvalidInputException("model", reason));
    }

    private Execution prepare(ExecutePromptCommand command, ModelRouter.Routed routed) {
        ExecutionRequest request = new ExecutionRequest(command.caller().tenantId(), command.caller().apiKeyId(),
                Surface.EXECUTE_API, Optional.empty(), routed.provider().name(), command.model(), command.input(),
                command.parameters(), command.requestId(), command.idempotencyKey());
        return Execution.queue(ids.executionId(), request, clock.now());
    }
}
