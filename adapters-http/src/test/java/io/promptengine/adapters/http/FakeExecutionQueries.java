package io.promptengine.adapters.http;

import io.promptengine.application.port.in.CancelExecutionUseCase;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.ExecutionList;
import io.promptengine.application.port.in.GetExecutionUseCase;
import io.promptengine.application.port.in.ListExecutionsQuery;
import io.promptengine.application.port.in.ListExecutionsUseCase;
import io.promptengine.domain.error.ConflictException;
import io.promptengine.domain.error.NotFoundException;
import io.promptengine.domain.execution.Execution;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Executions held in a map; listing answers the configured page and remembers the query it got. */
final class FakeExecutionQueries implements GetExecutionUseCase, ListExecutionsUseCase, CancelExecutionUseCase {

    private final Map<String, Execution> executions = new ConcurrentHashMap<>();
    volatile ListExecutionsQuery lastQuery;
    volatile Optional<String> nextCursor = Optional.empty();

    void reset() {
        executions.clear();
        lastQuery = null;
        nextCursor = Optional.empty();
    }

    void put(Execution execution) {
        executions.put(execution.id().value(), execution);
    }

    @Override
    public Execution get(Caller caller, String executionId) {
        Execution execution = executions.get(executionId);
        if (execution == null) {
            throw new NotFoundException("Execution '" + executionId + "' not found");
        }
        return execution;
    }

    @Override
    public ExecutionList list(ListExecutionsQuery query) {
        lastQuery = query;
        List<Execution> page = new ArrayList<>(executions.values());
        page.sort((a, b) -> a.id().value().compareTo(b.id().value()));
        return new ExecutionList(page.subList(0, Math.min(query.limit(), page.size())), nextCursor);
    }

    @Override
    public Execution cancel(Caller caller, String executionId) {
        Execution current = get(caller, executionId);
        if (current.status().isTerminal()) {
            throw new ConflictException("Execution '" + executionId + "' has already ended: it is "
                    + current.status().wireName());
        }
        Execution cancelled = current.cancel(Executions.ENDED);
        put(cancelled);
        return cancelled;
    }
}
