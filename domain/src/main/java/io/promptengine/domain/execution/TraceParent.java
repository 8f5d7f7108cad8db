package io.promptengine.domain.execution;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where an execution sits in a distributed trace: a W3C Trace Context {@code traceparent}
 * ({@code 00-<trace id>-<parent span id>-<flags>}), as the request that created it carried it on. A worker that
 * runs a queued execution continues the trace from it.
 */
public record TraceParent(String value) {

    private static final Pattern FORMAT = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final String INVALID_TRACE = "00000000000000000000000000000000";
    private static final String INVALID_SPAN = "0000000000000000";

    public TraceParent {
        Objects.requireNonNull(value, "value");
        if (!FORMAT.matcher(value).matches() || value.substring(3, 35).equals(INVALID_TRACE)
                || value.substring(36, 52).equals(INVALID_SPAN)) {
            throw new IllegalArgumentException("not a W3C traceparent of version 00: " + value);
        }
    }

    /** The 32 hexadecimal digits that name the whole trace. */
    public String traceId() {
        return value.substring(3, 35);
    }
}
