package io.promptengine.application.port.out;

import io.promptengine.domain.execution.Execution;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A page read from the store, and where the next one starts (absent when there is no more). */
public record ExecutionPage(List<Execution> items, Optional<PageCursor> next) {

    public ExecutionPage {
        items = List.copyOf(items);
        Objects.requireNonNull(next, "next");
    }
}
