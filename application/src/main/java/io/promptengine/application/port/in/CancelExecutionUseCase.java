package io.promptengine.application.port.in;

import io.promptengine.domain.execution.Execution;

/** Cancels a queued or running execution; 409 once it has ended. */
public interface CancelExecutionUseCase {

    Execution cancel(Caller caller, String executionId);
}
