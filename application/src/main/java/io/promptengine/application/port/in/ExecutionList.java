package io.promptengine.application.port.in;

import io.promptengine.domain.execution.Execution;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One page of executions and the cursor of the next page, absent on the last one. */
public record ExecutionList(List<Execution> items, Optional<String> nextCursor) {

    public ExecutionList {
        items = List.copyOf(items);
        Objects.requireNonNull(nextCursor, "nextCursor");
    }
}
