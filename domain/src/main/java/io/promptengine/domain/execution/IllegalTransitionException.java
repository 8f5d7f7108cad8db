package io.promptengine.domain.execution;

/** A programming error: something tried to move an execution along an edge its lifecycle does not have. */
public final class IllegalTransitionException extends IllegalStateException {

    private final ExecutionStatus from;
    private final ExecutionStatus to;

    public IllegalTransitionException(ExecutionId id, ExecutionStatus from, ExecutionStatus to) {
        super("execution " + id + " cannot move from " + from.wireName() + " to " + to.wireName());
        this.from = from;
        this.to = to;
    }

    public ExecutionStatus from() {
        return from;
    }

    public ExecutionStatus to() {
        return to;
    }
}
