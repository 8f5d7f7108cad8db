package io.promptengine.domain.execution;

import java.util.Objects;

/** Public identifier of an execution: {@code exec_} followed by URL-safe characters. */
public record ExecutionId(String value) {

    public static final String PREFIX = "exec_";

    public ExecutionId {
        Objects.requireNonNull(value, "value");
        if (!isWellFormed(value)) {
            throw new IllegalArgumentException("not an execution id: " + value);
        }
    }

    /** Whether {@code value} can be an execution id at all; lets callers answer 404 without a lookup. */
    public static boolean isWellFormed(String value) {
        if (value == null || !value.startsWith(PREFIX) || value.length() == PREFIX.length() || value.length() > 64) {
            return false;
        }
        for (int i = PREFIX.length(); i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return value;
    }
}
