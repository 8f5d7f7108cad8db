package io.promptengine.domain.execution;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The lifecycle of an execution: {@code queued → running → completed | failed | cancelled | timed_out}. A queued
 * execution may also be cancelled before it starts. Nothing leaves a terminal state.
 */
public enum ExecutionStatus {
    QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED, TIMED_OUT;

    private static final Set<ExecutionStatus> TERMINAL = EnumSet.of(COMPLETED, FAILED, CANCELLED, TIMED_OUT);

    public boolean isTerminal() {
        return TERMINAL.contains(this);
    }

    public boolean canMoveTo(ExecutionStatus next) {
        switch (this) {
            case QUEUED:
                return next == RUNNING || next == CANCELLED;
            case RUNNING:
                return next.isTerminal();
            default:
                return false;
        }
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ExecutionStatus fromWire(String value) {
        for (ExecutionStatus status : values()) {
            if (status.wireName().equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown execution status: " + value);
    }
}
