package io.promptengine.application.port.in;

import io.promptengine.domain.execution.Execution;

/** One execution of the caller's tenant; 404 for anything else. */
public interface GetExecutionUseCase {

    Execution get(Caller caller, String executionId);
}
