package io.promptengine.adapters.tracing.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.promptengine.application.fakes.SampleExecutions;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.execution.TraceParent;
import io.promptengine.domain.tenant.TenantId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenTelemetryTracingTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT = "00f067aa0ba902b7";

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exported))
                    .build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    private final OpenTelemetryTracing tracing = new OpenTelemetryTracing(sdk, sdk::close, false);

    @AfterEach
    void close() {
        tracing.close();
    }

    @Test
    void givenNoEndpoint_start_startsNothing() {
        assertThat(OpenTelemetryTracing.start(Map.of("OTEL_SERVICE_NAME", "x"), false)).isEmpty();
        assertThat(OpenTelemetryTracing.start(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", " "), false)).isEmpty();
        assertThat(OpenTelemetryTracing.configured(Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
                "http://collector:4318/v1/traces"))).isTrue();
    }

    @Test
    void variablesAreTheSdksPropertiesByTheirEnvironmentNames() {
        assertThat(OpenTelemetryTracing.property("OTEL_EXPORTER_OTLP_ENDPOINT"))
                .isEqualTo("otel.exporter.otlp.endpoint");
    }

    @Test
    void givenIncomingTraceparent_serverRequest_continuesItAndIsCurrentUntilClosed() {
        Map<String, String> headers = Map.of("traceparent", "00-" + TRACE + "-" + PARENT + "-01");

        try (TracedWork request = tracing.serverRequest("POST", "/v1/prompt/execute", "/v1/prompt/execute",
                headers::get)) {
            assertThat(request.traceId()).isEqualTo(TRACE);
            assertThat(tracing.current()).hasValueSatisfying(current ->
                    assertThat(current.traceId()).isEqualTo(TRACE));
            request.responded(503);
        }

        assertThat(tracing.current()).isEmpty();
        SpanData span = exported.getFinishedSpanItems().get(0);
        assertThat(span.getName()).isEqualTo("POST /v1/prompt/execute");
        assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(span.getParentSpanId()).isEqualTo(PARENT);
        assertThat(span.getAttributes().get(OpenTelemetryTracing.ROUTE)).isEqualTo("/v1/prompt/execute");
        assertThat(span.getAttributes().get(TracedWork.STATUS_CODE)).isEqualTo(503L);
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    }

    @Test
    void givenNoRoute_serverRequest_isNamedByItsMethodAlone_andStartsATrace() {
        try (TracedWork request = tracing.serverRequest("GET", "", "/acme/summarise", name -> null)) {
            request.responded(404);
        }

        SpanData span = exported.getFinishedSpanItems().get(0);
        assertThat(span.getName()).isEqualTo("GET");
        assertThat(span.getParentSpanContext().isValid()).isFalse();
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    }

    @Test
    void givenExecutionOfTracedRequest_queuedExecution_isAChildOfTheSpanThatQueuedIt() {
        Execution queued = SampleExecutions.queued("exec_1", new TenantId("ten_1"), Instant.EPOCH);
        Execution claimed = Execution.queue(new ExecutionId("exec_1"), queued.request().withTraceParent(
                Optional.of(new TraceParent("00-" + TRACE + "-" + PARENT + "-01"))), Instant.EPOCH)
                .start(Instant.EPOCH);

        tracing.queuedExecution(claimed).close();

        SpanData span = exported.getFinishedSpanItems().get(0);
        assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(span.getTraceId()).isEqualTo(TRACE);
        assertThat(span.getParentSpanId()).isEqualTo(PARENT);
        assertThat(span.getAttributes().get(OpenTelemetryTracing.EXECUTION_ID)).isEqualTo("exec_1");
        assertThat(span.getAttributes().get(OpenTelemetryTracing.ATTEMPT)).isEqualTo(1L);
    }

    @Test
    void givenUntracedExecution_queuedExecution_startsATraceOfItsOwn() {
        Execution claimed = SampleExecutions.running("exec_2", new TenantId("ten_1"), Instant.EPOCH);

        tracing.queuedExecution(claimed).close();

        assertThat(exported.getFinishedSpanItems().get(0).getParentSpanContext().isValid()).isFalse();
    }
}
