package io.promptengine.adapters.tracing.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.promptengine.application.fakes.FakeModelProvider;
import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.domain.error.UpstreamException;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.Message;
import io.promptengine.domain.prompt.ModelParameters;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TracedModelProviderTest {

    private static final String PROMPT = "What is the tenant's secret?";
    private static final ModelRequest CALL = new ModelRequest("gpt-4o",
            List.of(Message.system("Be brief."), Message.user(PROMPT)),
            new ModelParameters(OptionalDouble.of(0.5), OptionalInt.of(64)), Instant.now().plusSeconds(30));

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exported)).build()).build();
    private final FakeModelProvider fake = new FakeModelProvider("openai");

    @AfterEach
    void close() {
        sdk.close();
    }

    private ModelProvider traced(boolean captureContent) {
        return new OpenTelemetryTracing(sdk, sdk::close, captureContent).traced(fake);
    }

    @Test
    void givenCall_complete_isOneClientSpanOfTheGenAiConventions_withoutPromptOrAnswer() {
        fake.answer("The answer text", new Usage(21, 7));

        traced(false).complete(CALL);

        SpanData span = exported.getFinishedSpanItems().get(0);
        assertThat(span.getName()).isEqualTo("chat gpt-4o");
        assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(span.getAttributes().get(TracedModelProvider.OPERATION)).isEqualTo("chat");
        assertThat(span.getAttributes().get(TracedModelProvider.PROVIDER)).isEqualTo("openai");
        assertThat(span.getAttributes().get(TracedModelProvider.REQUEST_MODEL)).isEqualTo("gpt-4o");
        assertThat(span.getAttributes().get(TracedModelProvider.RESPONSE_MODEL)).isEqualTo("gpt-4o");
        assertThat(span.getAttributes().get(TracedModelProvider.TEMPERATURE)).isEqualTo(0.5);
        assertThat(span.getAttributes().get(TracedModelProvider.MAX_TOKENS)).isEqualTo(64L);
        assertThat(span.getAttributes().get(TracedModelProvider.INPUT_TOKENS)).isEqualTo(21L);
        assertThat(span.getAttributes().get(TracedModelProvider.OUTPUT_TOKENS)).isEqualTo(7L);
        assertThat(span.getAttributes().get(TracedModelProvider.FINISH_REASONS)).containsExactly("stop");
        assertThat(span.getAttributes().asMap().values()).noneMatch(value -> value.toString().contains(PROMPT)
                || value.toString().contains("The answer text"));
    }

    @Test
    void givenCall_complete_handsTheProviderItsSpanAsTraceParent() {
        traced(false).complete(CALL);

        SpanData span = exported.getFinishedSpanItems().get(0);
        assertThat(fake.requests().get(0).traceParent()).hasValueSatisfying(trace -> assertThat(trace.value())
                .isEqualTo("00-" + span.getTraceId() + "-" + span.getSpanId() + "-"
                        + span.getSpanContext().getTraceFlags().asHex()));
    }

    @Test
    void givenContentCapture_complete_recordsTheMessagesAndTheAnswer() {
        fake.answer("Line one\n\"quoted\"", new Usage(1, 1));

        traced(true).complete(CALL);

        SpanData span = exported.getFinishedSpanItems().get(0);
        assertThat(span.getAttributes().get(TracedModelProvider.INPUT_MESSAGES)).isEqualTo(
                "[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"Be brief.\"}]},"
                        + "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"" + PROMPT + "\"}]}]");
        assertThat(span.getAttributes().get(TracedModelProvider.OUTPUT_MESSAGES)).isEqualTo(
                "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Line one\\n\\\"quoted\\\"\"}],"
                        + "\"finish_reason\":\"stop\"}]");
    }

    @Test
    void givenFailingProvider_complete_rethrowsAndMarksTheSpanWithTheErrorType() {
        fake.failWith(new UpstreamException("OpenAI answered HTTP 500"));

        assertThatThrownBy(() -> traced(false).complete(CALL)).isInstanceOf(UpstreamException.class);

        SpanData span = exported.getFinishedSpanItems().get(0);
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getAttributes().get(TracedModelProvider.ERROR_TYPE)).isEqualTo("upstream_error");
        assertThat(span.getAttributes().get(TracedModelProvider.INPUT_TOKENS)).isNull();
    }

    @Test
    void givenStream_stream_isOneSpanEndedWithTheWholeAnswer() {
        fake.streamWords("streamed words here", new Usage(4, 3), true);
        StringBuilder heard = new StringBuilder();

        traced(false).stream(CALL, heard::append);

        assertThat(heard.toString()).isEqualTo("streamed words here");
        assertThat(exported.getFinishedSpanItems()).singleElement().satisfies(span -> assertThat(
                span.getAttributes().get(TracedModelProvider.OUTPUT_TOKENS)).isEqualTo(3L));
    }

    @Test
    void azureIsNamedAsTheConventionsNameIt() {
        assertThat(TracedModelProvider.providerName("azure")).isEqualTo("azure.ai.openai");
        assertThat(TracedModelProvider.providerName("anthropic")).isEqualTo("anthropic");
    }
}
