package io.promptengine.application.port.in;

/** Lists the caller's executions with filters and cursor pagination. */
public interface ListExecutionsUseCase {

    ExecutionList list(ListExecutionsQuery query);
}
