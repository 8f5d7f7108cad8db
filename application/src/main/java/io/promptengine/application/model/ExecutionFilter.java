package io.promptengine.application.model;

import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.execution.ExecutionStatus;
import io.promptengine.domain.execution.Surface;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Optional conditions on a listing of executions; all present ones must hold. */
public record ExecutionFilter(
        Optional<ExecutionStatus> status,
        Optional<String> model,
        Optional<Surface> source,
        Optional<Instant> createdFrom,
        Optional<Instant> createdBefore) {

    public static final ExecutionFilter NONE = new ExecutionFilter(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty());

    public ExecutionFilter {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(createdFrom, "createdFrom");
        Objects.requireNonNull(createdBefore, "createdBefore");
        if (createdFrom.isPresent() && createdBefore.isPresent() && !createdFrom.get().isBefore(createdBefore.get())) {
            throw new InvalidInputException("created_before", "Field 'created_before' must be after 'created_from'");
        }
    }
}
