package io.promptengine.bootstrap;

import io.promptengine.adapters.http.RequestTracing;
import io.promptengine.adapters.tracing.opentelemetry.OpenTelemetryTracing;
import io.promptengine.adapters.tracing.opentelemetry.TracedWork;
import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.application.port.out.WorkContext;
import io.promptengine.application.wiring.Core;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.execution.TraceParent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.MDC;

/**
 * Where the server's traces and the ids of its log lines come from: OpenTelemetry when an OTLP endpoint is
 * configured (nothing at all otherwise), and the logging context (MDC) of each thread that serves a request or
 * runs an execution. The HTTP routes set {@code request_id}, {@code tenant} and {@code trace_id} on request
 * threads; {@link #work()} adds {@code execution_id} while the core runs one; {@link #worker} sets all four on a
 * worker thread. Each is put back as it was when its work ends, on platform and virtual threads alike (the MDC
 * and OpenTelemetry's context are both per thread).
 */
final class Observability implements AutoCloseable {

    static final String REQUEST_ID = "request_id";
    static final String TENANT = "tenant";
    static final String EXECUTION_ID = "execution_id";
    static final String TRACE_ID = "trace_id";

    private final Optional<OpenTelemetryTracing> tracing;

    private Observability(Optional<OpenTelemetryTracing> tracing) {
        this.tracing = tracing;
    }

    /** Starts OpenTelemetry when {@code config} names an endpoint. */
    static Observability start(Config.Tracing config) {
        return new Observability(OpenTelemetryTracing.start(config.otel(), config.captureContent()));
    }

    boolean tracing() {
        return tracing.isPresent();
    }

    /** The core's view: the trace a new execution records, and the execution a thread runs in its log lines. */
    WorkContext work() {
        return new WorkContext() {
            @Override
            public Optional<TraceParent> traceParent() {
                return tracing.flatMap(OpenTelemetryTracing::current);
            }

            @Override
            public Scope enter(ExecutionId execution) {
                Logged logged = Logged.with(Map.of(EXECUTION_ID, execution.value()));
                return logged::close;
            }
        };
    }

    /** The HTTP routes' view: a server span per request when tracing is on. */
    RequestTracing requests() {
        if (tracing.isEmpty()) {
            return RequestTracing.NONE;
        }
        OpenTelemetryTracing otel = tracing.get();
        return (method, route, path, header) -> {
            TracedWork span = otel.serverRequest(method, route, path, header);
            return new RequestTracing.Span() {
                @Override
                public Optional<String> traceId() {
                    return Optional.of(span.traceId());
                }

                @Override
                public void end(int status) {
                    span.responded(status);
                    span.close();
                }
            };
        };
    }

    /**
     * {@code stores} with a database span around each call to the execution store and queue made inside a trace,
     * when tracing is on.
     *
     * @param system the database, as {@code db.system.name} names it
     */
    Core.Stores stores(Core.Stores stores, String system) {
        if (tracing.isEmpty()) {
            return stores;
        }
        OpenTelemetryTracing otel = tracing.get();
        return new Core.Stores(otel.tracedExecutions(stores.executions(), system),
                otel.tracedQueue(stores.queue(), system),
                stores.tenants(), stores.apiKeys(), stores.plans(), stores.operatorKey(), stores.endpoints(),
                stores.prompts(), stores.conversations(), stores.idempotencyKeys(), stores.instances(),
                stores.usageReports(), stores.monthlyTokenUsage(), stores.auditEvents(), stores.health());
    }

    /** {@code provider}, with a GenAI span per call when tracing is on. */
    ModelProvider provider(ModelProvider provider) {
        return tracing.map(otel -> otel.traced(provider)).orElse(provider);
    }

    /**
     * The work of a worker thread on {@code claimed}, an async execution: a span continuing the trace of the
     * request that queued it, and the ids of that request in the logging context, until the scope is closed.
     */
    WorkContext.Scope worker(Execution claimed) {
        Optional<TracedWork> span = tracing.map(otel -> otel.queuedExecution(claimed));
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put(REQUEST_ID, claimed.request().requestId());
        ids.put(TENANT, claimed.request().tenantId().value());
        ids.put(EXECUTION_ID, claimed.id().value());
        span.ifPresent(work -> ids.put(TRACE_ID, work.traceId()));
        Logged logged = Logged.with(ids);
        return () -> {
            logged.close();
            span.ifPresent(TracedWork::close);
        };
    }

    /** Exports the spans still buffered and stops OpenTelemetry; nothing when tracing is off. */
    @Override
    public void close() {
        tracing.ifPresent(OpenTelemetryTracing::close);
    }

    /** Values put in the thread's MDC, and what those keys held before, put back by {@link #close}. */
    private static final class Logged {

        private final Map<String, String> before = new LinkedHashMap<>();

        static Logged with(Map<String, String> values) {
            Logged logged = new Logged();
            values.forEach((key, value) -> {
                logged.before.put(key, MDC.get(key));
                MDC.put(key, value);
            });
            return logged;
        }

        void close() {
            before.forEach((key, value) -> {
                if (value == null) {
                    MDC.remove(key);
                } else {
                    MDC.put(key, value);
                }
            });
        }
    }
}
