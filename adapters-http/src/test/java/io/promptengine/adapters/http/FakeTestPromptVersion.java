package io.promptengine.adapters.http;

import io.promptengine.application.port.in.TestPromptVersionCommand;
import io.promptengine.application.port.in.TestPromptVersionUseCase;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.execution.ExecutionOutput;
import io.promptengine.domain.execution.ExecutionRequest;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import io.promptengine.domain.prompt.ModelParameters;
import java.util.Optional;

/** Echoes the test input as a completed test execution, or throws {@link #failure}; remembers the last command. */
final class FakeTestPromptVersion implements TestPromptVersionUseCase {

    volatile TestPromptVersionCommand lastCommand;
    volatile RuntimeException failure;

    void reset() {
        lastCommand = null;
        failure = null;
    }

    @Override
    public Execution test(TestPromptVersionCommand command) {
        lastCommand = command;
        if (failure != null) {
            throw failure;
        }
        ExecutionRequest request = new ExecutionRequest(command.caller().tenantId(), command.caller().apiKeyId(),
                Surface.TEST, Optional.of("pv_1"), "local", "echo", command.input(), ModelParameters.DEFAULTS,
                command.requestId(), Optional.empty());
        return Execution.queue(new ExecutionId("exec_test1"), request, Executions.CREATED).start(Executions.STARTED)
                .complete(ExecutionOutput.text(command.input(), FinishReason.STOP), new Usage(4, 4), Optional.empty(),
                        Executions.ENDED);
    }
}
