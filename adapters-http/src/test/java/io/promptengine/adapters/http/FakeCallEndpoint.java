package io.promptengine.adapters.http;

import io.promptengine.application.model.CacheStatus;
import io.promptengine.application.port.in.CallEndpointCommand;
import io.promptengine.application.port.in.CallEndpointUseCase;
import io.promptengine.application.port.in.ExecutionResult;
import io.promptengine.application.port.in.StreamObserver;
import io.promptengine.domain.error.NotFoundException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.execution.ExecutionOutput;
import io.promptengine.domain.execution.ExecutionRequest;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import io.promptengine.domain.prompt.ModelParameters;
import java.util.Optional;

/**
 * Serves one endpoint, {@link #PATH}: answers {@link #answer} (with {@link #json} as its JSON document when set),
 * or throws {@link #failure}; any other path is the service's 404. Remembers the last command.
 */
final class FakeCallEndpoint implements CallEndpointUseCase {

    static final String PATH = "/api/v1/summarize";

    volatile CallEndpointCommand lastCommand;
    volatile String answer = "A short summary.";
    volatile Optional<String> json = Optional.empty();
    volatile RuntimeException failure;
    volatile Optional<CacheStatus> cache = Optional.empty();
    /** Thrown from a stream after its first piece of text, when set. */
    volatile RuntimeException streamFailure;

    void reset() {
        cache = Optional.empty();
        lastCommand = null;
        answer = "A short summary.";
        json = Optional.empty();
        failure = null;
        streamFailure = null;
    }

    @Override
    public ExecutionResult stream(CallEndpointCommand command, StreamObserver observer) {
        return ExecutionResult.uncached(FakeStreams.stream(call(command).execution(), observer,
                () -> streamFailure));
    }

    @Override
    public ExecutionResult call(CallEndpointCommand command) {
        lastCommand = command;
        if (failure != null) {
            throw failure;
        }
        if (!command.path().equals(PATH)) {
            throw new NotFoundException("No endpoint at POST " + command.path());
        }
        ExecutionRequest request = new ExecutionRequest(command.caller().tenantId(), command.caller().apiKeyId(),
                Surface.ENDPOINT, Optional.of("pv_1"), "local", "echo", command.input(), ModelParameters.DEFAULTS,
                command.requestId(), command.idempotencyKey());
        return new ExecutionResult(Execution.queue(new ExecutionId("exec_endpoint1"), request, Executions.CREATED)
                .start(Executions.STARTED).complete(new ExecutionOutput(answer, json, FinishReason.STOP),
                        new Usage(7, 3), Optional.empty(), Executions.ENDED), cache);
    }
}
