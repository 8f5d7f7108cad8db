package io.promptengine.adapters.tracing.opentelemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.function.Supplier;

/**
 * Client spans of the database calls that matter to a request or an execution, after the database semantic
 * conventions: named {@code <operation> executions}, with {@code db.system.name}, {@code db.operation.name} and
 * {@code db.collection.name}. Only as a child of a span already current: the workers' background polling (claims,
 * lease renewals, reclaims) runs outside any and would otherwise start a trace of its own several times a second.
 */
final class DatabaseSpans {

    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("db.system.name");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("db.operation.name");
    static final AttributeKey<String> COLLECTION = AttributeKey.stringKey("db.collection.name");
    static final String EXECUTIONS = "executions";

    private final Tracer tracer;
    private final String system;

    DatabaseSpans(Tracer tracer, String system) {
        this.tracer = tracer;
        this.system = system;
    }

    <T> T call(String operation, Supplier<T> work) {
        if (!Span.current().getSpanContext().isValid()) {
            return work.get();
        }
        Span span = tracer.spanBuilder(operation + " " + EXECUTIONS)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(SYSTEM, system)
                .setAttribute(OPERATION, operation)
                .setAttribute(COLLECTION, EXECUTIONS)
                .startSpan();
        try (Scope current = span.makeCurrent()) {
            return work.get();
        } catch (RuntimeException e) {
            span.setAttribute(TracedModelProvider.ERROR_TYPE, TracedModelProvider.errorType(e));
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }

    void run(String operation, Runnable work) {
        call(operation, () -> {
            work.run();
            return null;
        });
    }
}
