package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The real application's log lines in {@code PE_LOG_FORMAT=json}, as {@link LogSetup} encodes them: each line one
 * JSON object, and the lines written while a request is served or an execution runs carry its {@code request_id},
 * {@code tenant}, {@code execution_id} and {@code trace_id}. A provider that fails once makes the core write a line
 * (its retry, at INFO) on the request's thread for a sync execution and on a worker's thread for an async one.
 */
final class JsonLogsEndToEndTest {

    private static final String OPENAI_KEY = "sk-json-logs-e2e-0123456789";
    private static final String PROMPT = "A tenant's prompt that no log line may quote";
    private static final String SERVER_ERROR = "{\"error\":{\"message\":\"The server had an error\","
            + "\"type\":\"server_error\",\"param\":null,\"code\":null}}";

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private OutputStreamAppender<ILoggingEvent> json;
    private OtlpReceiver collector;
    private ProviderStub provider;
    private RunningApp app;

    @BeforeEach
    void start() throws IOException {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        json = new OutputStreamAppender<>();
        json.setContext(context);
        json.setEncoder(LogSetup.encoder(context, LogSetup.format("json")));
        json.setOutputStream(written);
        json.start();
        root().addAppender(json);
        collector = new OtlpReceiver();
        provider = new ProviderStub();
        app = RunningApp.start(Map.of(
                "OPENAI_API_KEY", OPENAI_KEY,
                "OPENAI_BASE_URL", provider.baseUrl().toString(),
                "PE_PROVIDER_MAX_ATTEMPTS", "2",
                "PE_PROVIDER_RETRY_BASE_MS", "10",
                "PE_PROVIDER_RETRY_MAX_MS", "20",
                "OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint()));
    }

    @AfterEach
    void stop() {
        app.close();
        provider.close();
        collector.close();
        root().detachAppender(json);
        json.stop();
    }

    @Test
    void givenSyncAndAsyncExecutions_everyLineIsJson_andTheirLinesCarryTheirIds() {
        String syncTrace = "0af7651916cd43dd8448eb211c80319c";
        provider.then(ProviderStub.CHAT, 500, Map.of(), SERVER_ERROR);
        Api.Reply sync = app.api().send(app.api().jsonPost("/v1/prompt/execute",
                "{\"model\":\"gpt-4o\",\"input\":\"" + PROMPT + "\"}")
                .header("traceparent", "00-" + syncTrace + "-b7ad6b7169203331-01").build());
        assertThat(sync.status()).isEqualTo(200);

        String asyncTrace = "5b8efff798038103d269b633813fc60c";
        provider.then(ProviderStub.CHAT, 500, Map.of(), SERVER_ERROR);
        Api.Reply queued = app.api().send(app.api().jsonPost("/v1/prompt/execute",
                "{\"model\":\"gpt-4o\",\"input\":\"" + PROMPT + "\"}")
                .header("traceparent", "00-" + asyncTrace + "-eee19b7ec3c1b174-01")
                .header("Prefer", "respond-async").build());
        String asyncId = queued.json().path("id").asString();
        app.api().awaitStatus(asyncId, "completed");

        List<JsonNode> lines = lines();
        JsonNode onRequest = retryLine(lines, sync.requestId());
        assertThat(onRequest.path("execution_id").asString()).isEqualTo(sync.json().path("id").asString());
        assertThat(onRequest.path("trace_id").asString()).isEqualTo(syncTrace);
        assertThat(onRequest.path("tenant").asString()).startsWith("ten_");
        assertThat(onRequest.path("level").asString()).isEqualTo("INFO");
        JsonNode onWorker = retryLine(lines, queued.requestId());
        assertThat(onWorker.path("thread").asString()).as("written by a worker").startsWith("pe-worker");
        assertThat(onWorker.path("execution_id").asString()).isEqualTo(asyncId);
        assertThat(onWorker.path("trace_id").asString()).isEqualTo(asyncTrace);
        assertThat(onWorker.path("tenant").asString()).isEqualTo(onRequest.path("tenant").asString());
        assertThat(written.toString(StandardCharsets.UTF_8)).doesNotContain(OPENAI_KEY).doesNotContain(PROMPT)
                .doesNotContain(RunningApp.DEMO_KEY).doesNotContain(RunningApp.ADMIN_KEY);
    }

    /** Every line written so far, each parsed as one JSON object. */
    private List<JsonNode> lines() {
        String text = written.toString(StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n");
        List<JsonNode> lines = text.lines().map(line -> {
            JsonNode parsed = Api.JSON.readTree(line);
            assertThat(parsed.isObject()).as(line).isTrue();
            assertThat(parsed.path("timestamp").asString()).as(line).isNotEmpty();
            assertThat(parsed.path("level").asString()).as(line).isNotEmpty();
            return parsed;
        }).toList();
        assertThat(lines).isNotEmpty();
        return lines;
    }

    /** The core's line about retrying the provider call of the request {@code requestId}. */
    private static JsonNode retryLine(List<JsonNode> lines, String requestId) {
        return lines.stream().filter(line -> line.path("request_id").asString().equals(requestId))
                .filter(line -> line.path("message").asString().contains("retrying"))
                .findFirst().orElseThrow(() -> new AssertionError("no retry line of " + requestId + " in " + lines));
    }

    private static Logger root() {
        return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
