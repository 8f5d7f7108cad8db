package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real application with tracing on: {@code OTEL_EXPORTER_OTLP_ENDPOINT} names a stub OTLP/HTTP collector that
 * decodes what the SDK exports, and OpenAI's provider is a stub that records the headers it receives.
 */
final class TracingEndToEndTest {

    private static final String OPENAI_KEY = "sk-tracing-e2e-0123456789";
    private static final String PROMPT = "The secret prompt text of a tenant";
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";
    private static final String TRACEPARENT = "00-" + TRACE + "-" + CALLER_SPAN + "-01";

    private OtlpReceiver collector;
    private ProviderStub provider;
    private RunningApp app;

    @BeforeEach
    void start() throws IOException {
        collector = new OtlpReceiver();
        provider = new ProviderStub();
        app = RunningApp.start(Map.of(
                "OPENAI_API_KEY", OPENAI_KEY,
                "OPENAI_BASE_URL", provider.baseUrl().toString(),
                "OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint(),
                "OTEL_BSP_SCHEDULE_DELAY", "50",
                "OTEL_SERVICE_NAME", "prompt-engine-e2e"));
    }

    @AfterEach
    void stop() {
        app.close();
        provider.close();
        collector.close();
    }

    @Test
    void givenIncomingTraceparent_syncExecute_continuesTheTraceThroughTheProviderCallAndRecordsIt() {
        Api.Reply executed = app.api().send(app.api().jsonPost("/v1/prompt/execute",
                "{\"model\":\"gpt-4o\",\"input\":\"" + PROMPT + "\"}").header("traceparent", TRACEPARENT).build());
        assertThat(executed.status()).isEqualTo(200);

        OtlpReceiver.Received server = collector.await("the server span of the request",
                span -> span.kind().equals("SPAN_KIND_SERVER") && span.traceId().equals(TRACE));
        assertThat(server.name()).isEqualTo("POST /v1/prompt/execute");
        assertThat(server.parentSpanId()).as("a child of the caller's span").isEqualTo(CALLER_SPAN);
        assertThat(server.attribute("http.route")).isEqualTo("/v1/prompt/execute");
        assertThat(server.serviceName()).isEqualTo("prompt-engine-e2e");
        OtlpReceiver.Received chat = collector.await("the provider span",
                span -> span.name().equals("chat gpt-4o") && span.traceId().equals(TRACE));
        assertThat(chat.kind()).isEqualTo("SPAN_KIND_CLIENT");
        assertThat(chat.parentSpanId()).isEqualTo(server.spanId());
        assertThat(chat.attributes()).containsEntry("gen_ai.operation.name", "chat")
                .containsEntry("gen_ai.provider.name", "openai")
                .containsEntry("gen_ai.request.model", "gpt-4o")
                .containsEntry("gen_ai.response.model", "gpt-4o")
                .containsEntry("gen_ai.usage.input_tokens", "12")
                .containsEntry("gen_ai.usage.output_tokens", "5")
                .containsEntry("gen_ai.response.finish_reasons", "[stop]")
                .doesNotContainKeys("gen_ai.input.messages", "gen_ai.output.messages");
        assertThat(collector.spans()).allSatisfy(span -> assertThat(span.attributes().values())
                .noneMatch(value -> value.contains(PROMPT) || value.contains("Hello from OpenAI")
                        || value.contains(OPENAI_KEY)));

        OtlpReceiver.Received stored = collector.await("the span of the execution's write",
                span -> span.name().equals("INSERT executions") && span.traceId().equals(TRACE));
        assertThat(stored.parentSpanId()).isEqualTo(server.spanId());
        assertThat(stored.attribute("db.system.name")).isEqualTo(RunningApp.onPostgres() ? "postgresql" : "h2database");

        String sent = provider.arrivals(ProviderStub.CHAT).get(0).header("traceparent");
        assertThat(sent).as("the provider joins the trace, as a child of the provider span")
                .isEqualTo("00-" + TRACE + "-" + chat.spanId() + "-01");
        String id = executed.json().path("id").asString();
        assertThat(app.api().get("/v1/executions/" + id).json().path("trace_id").asString()).isEqualTo(TRACE);
    }

    @Test
    void givenAsyncExecution_worker_continuesTheTraceOfTheRequestThatQueuedIt() {
        Api.Reply queued = app.api().send(app.api().jsonPost("/v1/prompt/execute",
                "{\"model\":\"gpt-4o\",\"input\":\"" + PROMPT + "\"}").header("traceparent", TRACEPARENT)
                .header("Prefer", "respond-async").build());
        assertThat(queued.status()).isEqualTo(202);
        String id = queued.json().path("id").asString();
        app.api().awaitStatus(id, "completed");

        OtlpReceiver.Received server = collector.await("the server span of the submit",
                span -> span.kind().equals("SPAN_KIND_SERVER") && span.name().equals("POST /v1/prompt/execute")
                        && span.traceId().equals(TRACE));
        OtlpReceiver.Received worker = collector.await("the worker's span",
                span -> span.kind().equals("SPAN_KIND_CONSUMER") && span.traceId().equals(TRACE));
        assertThat(worker.name()).isEqualTo("run execution");
        assertThat(worker.parentSpanId()).as("a child of the request that queued it").isEqualTo(server.spanId());
        assertThat(worker.attribute("promptengine.execution.id")).isEqualTo(id);
        OtlpReceiver.Received chat = collector.await("the worker's provider span",
                span -> span.name().equals("chat gpt-4o") && span.traceId().equals(TRACE));
        assertThat(chat.parentSpanId()).isEqualTo(worker.spanId());
        OtlpReceiver.Received finished = collector.await("the span of the worker's write of the end",
                span -> span.name().equals("UPDATE executions") && span.traceId().equals(TRACE));
        assertThat(finished.parentSpanId()).isEqualTo(worker.spanId());
        assertThat(app.api().get("/v1/executions/" + id).json().path("trace_id").asString()).isEqualTo(TRACE);
    }

    @Test
    void givenNoIncomingTraceparent_execute_startsATraceOfItsOwnThatTheExecutionRecords() {
        Api.Reply executed = app.api().post("/v1/prompt/execute", "{\"model\":\"echo\",\"input\":\"hi\"}");
        assertThat(executed.status()).isEqualTo(200);

        String traceId = app.api().get("/v1/executions/" + executed.json().path("id").asString()).json()
                .path("trace_id").asString();
        assertThat(traceId).matches("[0-9a-f]{32}");
        OtlpReceiver.Received server = collector.await("the server span of a new trace",
                span -> span.kind().equals("SPAN_KIND_SERVER") && span.traceId().equals(traceId));
        assertThat(server.parentSpanId()).isEmpty();
    }
}
