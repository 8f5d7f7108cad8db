package io.promptengine.application.service;

import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.ExecutionList;
import io.promptengine.application.port.in.GetExecutionUseCase;
import io.promptengine.application.port.in.ListExecutionsQuery;
import io.promptengine.application.port.in.ListExecutionsUseCase;
import io.promptengine.application.port.out.ExecutionPage;
import io.promptengine.application.port.out.ExecutionStore;
import io.promptengine.application.port.out.PageCursor;
import io.promptengine.domain.error.NotFoundException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.tenant.Scope;

/**
 * Reads executions. A key that may execute may also poll what it ran, so one execution needs {@code execute} or
 * {@code read}; listing a tenant's history needs {@code read}.
 */
public final class ExecutionQueryService implements GetExecutionUseCase, ListExecutionsUseCase {

    private final ExecutionStore executions;

    public ExecutionQueryService(ExecutionStore executions) {
        this.executions = executions;
    }

    @Override
    public Execution get(Caller caller, String executionId) {
        caller.requireAny(Scope.READ, Scope.EXECUTE);
        return find(executions, caller, executionId);
    }

    @Override
    public ExecutionList list(ListExecutionsQuery query) {
        query.caller().require(Scope.READ);
        ExecutionPage page = executions.list(query.caller().tenantId(), query.filter(),
                query.cursor().map(PageCursor::decode), query.limit());
        return new ExecutionList(page.items(), page.next().map(PageCursor::encode));
    }

    /** The caller's execution, or 404 for a malformed, missing or foreign id alike. */
    static Execution find(ExecutionStore executions, Caller caller, String executionId) {
        if (!ExecutionId.isWellFormed(executionId)) {
            throw notFound(executionId);
        }
        return executions.find(caller.tenantId(), new ExecutionId(executionId))
                .orElseThrow(() -> notFound(executionId));
    }

    private static NotFoundException notFound(String executionId) {
        return new NotFoundException("Execution '" + executionId + "' not found");
    }
}
