package io.promptengine.adapters.tracing.opentelemetry;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.promptengine.domain.execution.TraceParent;
import java.util.Optional;

/** Between OpenTelemetry's span contexts and the core's {@link TraceParent}. */
final class Spans {

    private Spans() {
    }

    /** {@code span} as a W3C traceparent: its trace, itself as the parent, its flags. */
    static TraceParent traceParent(SpanContext span) {
        return new TraceParent("00-" + span.getTraceId() + "-" + span.getSpanId() + "-"
                + span.getTraceFlags().asHex());
    }

    /** The calling thread's current span, when it is a real one (sampled or not). */
    static Optional<TraceParent> current() {
        SpanContext span = Span.current().getSpanContext();
        return span.isValid() ? Optional.of(traceParent(span)) : Optional.empty();
    }

    /** A context whose parent is the remote span {@code parent} names, to continue its trace from. */
    static Context continuing(TraceParent parent) {
        String value = parent.value();
        SpanContext remote = SpanContext.createFromRemoteParent(value.substring(3, 35), value.substring(36, 52),
                TraceFlags.fromHex(value, 53), TraceState.getDefault());
        return Context.root().with(Span.wrap(remote));
    }
}
