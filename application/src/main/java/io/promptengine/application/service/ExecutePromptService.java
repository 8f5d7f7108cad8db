package io.promptengine.application.service;

import io.promptengine.application.port.in.ExecutePromptCommand;
import io.promptengine.application.port.in.ExecutePromptUseCase;
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
import java.util.Optional;

/**
 * The execute API. A sync execution runs on the caller's thread and is written once, when it has ended; an
 * async one is written {@code queued} before the caller hears back, then claimed from the queue by a worker of
 * any instance ({@link QueueWorker}).
 */
public final class ExecutePromptService implements ExecutePromptUseCase {

    private final ModelRouter router;
    private final ExecutionStore executions;
    private final ExecutionRunner runner;
    private final WorkerPool workers;
    private final IdGenerator ids;
    private final Clock clock;

    public ExecutePromptService(ModelRouter router, ExecutionStore executions, ExecutionRunner runner,
            WorkerPool workers, IdGenerator ids, Clock clock) {
        this.router = router;
        this.executions = executions;
        this.runner = runner;
        this.workers = workers;
        this.ids = ids;
        this.clock = clock;
    }

    @Override
    public Execution execute(ExecutePromptCommand command) {
        return runner.runNow(prepare(command));
    }

    @Override
    public Execution submit(ExecutePromptCommand command) {
        Execution queued = prepare(command);
        executions.insert(queued);
        workers.wake();
        return queued;
    }

    private Execution prepare(ExecutePromptCommand command) {
        command.caller().require(Scope.EXECUTE);
        ModelRouter.Route route = router.route(command.model());
        if (route instanceof ModelRouter.Unroutable unroutable) {
            throw new InvalidInputException("model", unroutable.reason());
        }
        ModelRouter.Routed routed = (ModelRouter.Routed) route;
        ExecutionRequest request = new ExecutionRequest(command.caller().tenantId(), command.caller().apiKeyId(),
                Surface.EXECUTE_API, Optional.empty(), routed.provider().name(), command.model(), command.input(),
                command.parameters(), command.requestId(), command.idempotencyKey());
        return Execution.queue(ids.executionId(), request, clock.now());
    }
}
