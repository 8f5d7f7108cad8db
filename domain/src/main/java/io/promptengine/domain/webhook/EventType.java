package io.promptengine.domain.webhook;

import io.promptengine.domain.execution.ExecutionStatus;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** What a webhook event tells, by its dotted wire name: an execution that ended one way, or a test. */
public enum EventType {
    EXECUTION_COMPLETED("execution.completed"),
    EXECUTION_FAILED("execution.failed"),
    EXECUTION_CANCELLED("execution.cancelled"),
    EXECUTION_TIMED_OUT("execution.timed_out"),
    /** Sent only by {@code POST /v1/webhooks/{id}/test}, to every endpoint whatever it subscribes to. */
    WEBHOOK_TEST("webhook.test");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The types an endpoint may subscribe to: every execution event. */
    public static Set<EventType> subscribable() {
        return EnumSet.of(EXECUTION_COMPLETED, EXECUTION_FAILED, EXECUTION_CANCELLED, EXECUTION_TIMED_OUT);
    }

    /** The event of an execution that ended in {@code status}; empty for a status that does not end one. */
    public static Optional<EventType> ending(ExecutionStatus status) {
        return switch (status) {
            case COMPLETED -> Optional.of(EXECUTION_COMPLETED);
            case FAILED -> Optional.of(EXECUTION_FAILED);
            case CANCELLED -> Optional.of(EXECUTION_CANCELLED);
            case TIMED_OUT -> Optional.of(EXECUTION_TIMED_OUT);
            case QUEUED, RUNNING -> Optional.empty();
        };
    }

    public static EventType fromWire(String value) {
        for (EventType type : values()) {
            if (type.wireName.equals(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown event type: " + value);
    }
}
