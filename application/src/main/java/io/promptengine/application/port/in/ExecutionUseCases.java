package io.promptengine.application.port.in;

import java.util.Objects;

/**
 * A tenant's executions: run a prompt (now or queued), read one, list them, cancel one, and the usage they add up
 * to. The execution record is the one subject of all five, which is why they travel together.
 */
public record ExecutionUseCases(
        ExecutePromptUseCase execute,
        GetExecutionUseCase get,
        ListExecutionsUseCase list,
        CancelExecutionUseCase cancel,
        UsageReportUseCase usage) {

    public ExecutionUseCases {
        Objects.requireNonNull(execute, "execute");
        Objects.requireNonNull(get, "get");
        Objects.requireNonNull(list, "list");
        Objects.requireNonNull(cancel, "cancel");
        Objects.requireNonNull(usage, "usage");
    }
}
