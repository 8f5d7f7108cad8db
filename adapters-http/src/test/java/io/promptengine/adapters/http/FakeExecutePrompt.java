package io.promptengine.adapters.http;

import io.promptengine.application.model.CacheStatus;
import io.promptengine.application.port.in.ExecutePromptCommand;
import io.promptengine.application.port.in.ExecutePromptUseCase;
import io.promptengine.application.port.in.ExecutionResult;
import io.promptengine.application.port.in.StreamObserver;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.execution.ExecutionOutput;
import io.promptengine.domain.execution.ExecutionRequest;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Echoes the input, records the last command, and can be told to fail or to hold the request. */
final class FakeExecutePrompt implements ExecutePromptUseCase {

    private final AtomicInteger ids = new AtomicInteger();
    volatile ExecutePromptCommand lastCommand;
    volatile Thread lastThread;
    /** Runs first on every call; throw from it to make the use case fail. */
    volatile Function<ExecutePromptCommand, RuntimeException> failure = command -> null;
    volatile Runnable onExecute = () -> { };
    /** How the response cache took part in sync answers. */
    volatile Optional<CacheStatus> cache = Optional.empty();
    /** Thrown from a stream after its first piece of text, when set. */
    volatile RuntimeException streamFailure;
    /** The observer of the last stream. */
    volatile StreamObserver lastObserver;
    /** Runs after each piece of text of a stream, before the next one. */
    volatile Runnable betweenDeltas = () -> { };
    /** What ended the last stream when it did not complete, such as its client hanging up. */
    volatile RuntimeException lastStreamEnd;

    void reset() {
        cache = Optional.empty();
        ids.set(0);
        lastCommand = null;
        lastThread = null;
        failure = command -> null;
        onExecute = () -> { };
        streamFailure = null;
        lastObserver = null;
        betweenDeltas = () -> { };
        lastStreamEnd = null;
    }

    @Override
    public ExecutionResult stream(ExecutePromptCommand command, StreamObserver observer) {
        Execution queued = accept(command);
        lastObserver = observer;
        onExecute.run();
        try {
            return ExecutionResult.uncached(FakeStreams.stream(completed(queued, command), observer, () -> {
                betweenDeltas.run();
                return streamFailure;
            }));
        } catch (RuntimeException e) {
            lastStreamEnd = e;
            throw e;
        }
    }

    /** What {@code GET /v1/models} lists. */
    volatile java.util.List<String> models = java.util.List.of("local/echo", "local/reverse");

    @Override
    public java.util.List<String> models(io.promptengine.application.port.in.Caller caller) {
        caller.require(io.promptengine.domain.tenant.Scope.EXECUTE);
        return models;
    }

    @Override
    public ExecutionResult execute(ExecutePromptCommand command) {
        Execution queued = accept(command);
        onExecute.run();
        return new ExecutionResult(completed(queued, command), cache);
    }

    private static Execution completed(Execution queued, ExecutePromptCommand command) {
        return queued.start(Executions.STARTED).complete(ExecutionOutput.text(command.input(), FinishReason.STOP),
                new Usage(command.input().length(), command.input().length()), Optional.empty(), Executions.ENDED);
    }

    @Override
    public Execution submit(ExecutePromptCommand command) {
        return accept(command);
    }

    private Execution accept(ExecutePromptCommand command) {
        lastCommand = command;
        lastThread = Thread.currentThread();
        RuntimeException problem = failure.apply(command);
        if (problem != null) {
            throw problem;
        }
        ExecutionRequest request = new ExecutionRequest(command.caller().tenantId(), command.caller().apiKeyId(),
                Surface.EXECUTE_API, Optional.empty(), "local", command.model(), command.input(),
                command.parameters(), command.requestId(), command.idempotencyKey());
        return Execution.queue(new ExecutionId("exec_" + ids.incrementAndGet()), request, Executions.CREATED);
    }
}
