package io.promptengine.adapters.tracing.opentelemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;

/**
 * One span the server started around work of its own (a request it serves, an execution a worker runs), current
 * on the calling thread until {@link #close}, which ends it. One thread opens and closes it.
 */
public final class TracedWork implements AutoCloseable {

    static final AttributeKey<Long> STATUS_CODE = AttributeKey.longKey("http.response.status_code");

    private final Span span;
    private final Scope scope;

    TracedWork(Span span) {
        this.span = span;
        this.scope = span.makeCurrent();
    }

    /** The 32 hexadecimal digits of the trace, as a log line or a response names it. */
    public String traceId() {
        return span.getSpanContext().getTraceId();
    }

    /** The HTTP status the request was answered with; a server error marks the span failed. */
    public void responded(int status) {
        span.setAttribute(STATUS_CODE, (long) status);
        if (status >= 500) {
            span.setAttribute(TracedModelProvider.ERROR_TYPE, Integer.toString(status));
            span.setStatus(StatusCode.ERROR);
        }
    }

    /** The work failed with {@code failure}, which its span records by type (never with its message). */
    public void failed(Throwable failure) {
        span.setAttribute(TracedModelProvider.ERROR_TYPE, failure.getClass().getName());
        span.setStatus(StatusCode.ERROR);
    }

    /** Ends the span; the thread's context is as it was before. */
    @Override
    public void close() {
        scope.close();
        span.end();
    }
}
