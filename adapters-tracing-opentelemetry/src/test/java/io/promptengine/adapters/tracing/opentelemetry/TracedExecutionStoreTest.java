package io.promptengine.adapters.tracing.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.promptengine.application.fakes.InMemoryExecutionStore;
import io.promptengine.application.fakes.SampleExecutions;
import io.promptengine.application.port.out.ExecutionStore;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.tenant.TenantId;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TracedExecutionStoreTest {

    private static final TenantId TENANT = new TenantId("ten_1");

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exported)).build()).build();
    private final InMemoryExecutionStore stored = new InMemoryExecutionStore();
    private final ExecutionStore store = new OpenTelemetryTracing(sdk, sdk::close, false).tracedExecutions(stored, "h2database");

    @AfterEach
    void close() {
        sdk.close();
    }

    @Test
    void givenCurrentSpan_insertAndFind_areItsDatabaseChildren() {
        Execution queued = SampleExecutions.queued("exec_1", TENANT, Instant.EPOCH);
        Span request = sdk.getTracer("test").spanBuilder("request").startSpan();
        try (Scope current = request.makeCurrent()) {
            store.insert(queued);
            assertThat(store.find(TENANT, queued.id())).contains(queued);
        } finally {
            request.end();
        }

        assertThat(exported.getFinishedSpanItems()).extracting(SpanData::getName)
                .containsExactly("INSERT executions", "SELECT executions", "request");
        SpanData insert = exported.getFinishedSpanItems().get(0);
        assertThat(insert.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(insert.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
        assertThat(insert.getAttributes().get(DatabaseSpans.SYSTEM)).isEqualTo("h2database");
        assertThat(insert.getAttributes().get(DatabaseSpans.OPERATION)).isEqualTo("INSERT");
        assertThat(insert.getAttributes().get(DatabaseSpans.COLLECTION)).isEqualTo("executions");
    }

    @Test
    void givenNoCurrentSpan_calls_startNoTraceOfTheirOwn() {
        Execution queued = SampleExecutions.queued("exec_2", TENANT, Instant.EPOCH);

        store.insert(queued);

        assertThat(stored.find(queued.id())).contains(queued);
        assertThat(exported.getFinishedSpanItems()).isEmpty();
    }
}
