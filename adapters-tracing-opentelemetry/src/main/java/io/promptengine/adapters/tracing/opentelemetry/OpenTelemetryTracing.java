package io.promptengine.adapters.tracing.opentelemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.promptengine.application.port.out.ExecutionQueue;
import io.promptengine.application.port.out.ExecutionStore;
import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.TraceParent;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Prompt Engine's traces on the OpenTelemetry SDK, exported with OTLP. Started only when an OTLP endpoint is
 * configured ({@code OTEL_EXPORTER_OTLP_ENDPOINT} or {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}); otherwise there
 * is no SDK, no exporter thread and no span, and the composition root does not wrap anything. The SDK is
 * configured by its autoconfigure module from the standard {@code OTEL_*} variables (service name, sampler,
 * headers, batch delays...), with these defaults of ours: protocol {@code http/protobuf}, service name
 * {@code prompt-engine}, and no metrics or logs exported (traces only).
 *
 * <p>What is traced: a server span per HTTP request, continuing an incoming {@code traceparent}; a GenAI client span
 * per provider call ({@link TracedModelProvider}); a consumer span per async execution a worker runs, a child of the
 * span of the request that queued it (from the execution's stored {@link TraceParent}); a database span per call
 * to the execution store and queue made inside any of these ({@link DatabaseSpans}).
 */
public final class OpenTelemetryTracing implements AutoCloseable {

    /** The variable that opts in to prompt and answer text on the provider spans, as OpenTelemetry names it. */
    public static final String CAPTURE_CONTENT = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT";
    /** The standard variables whose presence turns tracing on. */
    public static final List<String> ENDPOINTS =
            List.of("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");

    static final String INSTRUMENTATION = "io.promptengine";
    static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
    static final AttributeKey<String> EXECUTION_ID = AttributeKey.stringKey("promptengine.execution.id");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("promptengine.execution.attempt");
    static final AttributeKey<String> TENANT_ID = AttributeKey.stringKey("promptengine.tenant.id");

    private static final Map<String, String> DEFAULTS = Map.of(
            "otel.service.name", "prompt-engine",
            "otel.traces.exporter", "otlp",
            "otel.exporter.otlp.protocol", "http/protobuf",
            "otel.metrics.exporter", "none",
            "otel.logs.exporter", "none");

    private static final TextMapGetter<Function<String, String>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Function<String, String> carrier) {
            return List.of();
        }

        @Override
        public String get(Function<String, String> carrier, String key) {
            return carrier == null ? null : carrier.apply(key);
        }
    };

    private final OpenTelemetry telemetry;
    private final Runnable shutdown;
    private final Tracer tracer;
    private final boolean captureContent;

    OpenTelemetryTracing(OpenTelemetry telemetry, Runnable shutdown, boolean captureContent) {
        this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
        this.shutdown = Objects.requireNonNull(shutdown, "shutdown");
        this.tracer = telemetry.getTracer(INSTRUMENTATION);
        this.captureContent = captureContent;
    }

    /**
     * The SDK, started from {@code settings} (the {@code OTEL_*} variables, by their environment names; the process
     * environment and system properties win over them), when they name an OTLP endpoint; empty, with nothing
     * started, when they do not.
     *
     * @param captureContent whether provider spans carry the prompt and the answer
     */
    public static Optional<OpenTelemetryTracing> start(Map<String, String> settings, boolean captureContent) {
        if (!configured(settings)) {
            return Optional.empty();
        }
        Map<String, String> properties = new HashMap<>();
        settings.forEach((name, value) -> properties.put(property(name), value));
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> DEFAULTS)
                .addPropertiesSupplier(() -> properties)
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
        return Optional.of(new OpenTelemetryTracing(sdk,
                () -> sdk.shutdown().join(10, TimeUnit.SECONDS), captureContent));
    }

    /** Whether {@code settings} name an OTLP endpoint for traces. */
    public static boolean configured(Map<String, String> settings) {
        return ENDPOINTS.stream().map(settings::get).anyMatch(value -> value != null && !value.isBlank());
    }

    /** {@code OTEL_EXPORTER_OTLP_ENDPOINT} as the SDK's property {@code otel.exporter.otlp.endpoint}. */
    static String property(String variable) {
        return variable.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** The span current on the calling thread, as the W3C traceparent a new execution records. */
    public Optional<TraceParent> current() {
        return Spans.current();
    }

    /** {@code provider} with a GenAI client span around each of its calls. */
    public ModelProvider traced(ModelProvider provider) {
        return new TracedModelProvider(provider, tracer, captureContent);
    }

    /**
     * {@code executions} with a database span around each call made inside a trace.
     *
     * @param system the database, as the conventions' {@code db.system.name} names it: {@code postgresql},
     *     {@code h2database}
     */
    public ExecutionStore tracedExecutions(ExecutionStore executions, String system) {
        return new TracedExecutionStore(executions, new DatabaseSpans(tracer, system));
    }

    /** {@code queue} with a database span around each call made inside a trace. */
    public ExecutionQueue tracedQueue(ExecutionQueue queue, String system) {
        return new TracedExecutionQueue(queue, new DatabaseSpans(tracer, system));
    }

    /**
     * The server span of one HTTP request, named by its route template, continuing the caller's trace when the
     * request carries a valid {@code traceparent}.
     *
     * @param route the route template, such as {@code /v1/executions/{id}}; empty when no route of ours matched
     * @param header the request's header of a name, or null
     */
    public TracedWork serverRequest(String method, String route, String path, Function<String, String> header) {
        Context parent = telemetry.getPropagators().getTextMapPropagator().extract(Context.root(), header, HEADERS);
        return new TracedWork(tracer.spanBuilder(route.isEmpty() ? method : method + " " + route)
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setAttribute(METHOD, method)
                .setAttribute(PATH, path)
                .setAttribute(ROUTE, route.isEmpty() ? null : route)
                .startSpan());
    }

    /**
     * The span of a worker running {@code claimed}, an async execution: a child of the span that queued it when
     * its request was traced, the root of a trace of its own when not.
     */
    public TracedWork queuedExecution(Execution claimed) {
        Context parent = claimed.request().traceParent().map(Spans::continuing).orElse(Context.root());
        return new TracedWork(tracer.spanBuilder("run execution")
                .setParent(parent)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(EXECUTION_ID, claimed.id().value())
                .setAttribute(ATTEMPT, (long) claimed.attempts())
                .setAttribute(TENANT_ID, claimed.request().tenantId().value())
                .startSpan());
    }

    /** Exports the spans still buffered, then stops the SDK (waiting up to ten seconds). */
    @Override
    public void close() {
        shutdown.run();
    }
}
