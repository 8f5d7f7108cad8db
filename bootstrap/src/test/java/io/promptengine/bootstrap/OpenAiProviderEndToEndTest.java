package io.promptengine.bootstrap;

import static io.promptengine.bootstrap.ErrorEnvelopeAssert.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real application with {@code OPENAI_BASE_URL} and {@code OPENAI_API_KEY} pointing at a local server that
 * speaks Chat Completions: {@code gpt-*} models route to it, and its failures reach the caller without the key.
 */
class OpenAiProviderEndToEndTest {

    private static final String KEY = "sk-e2e-secret-0123456789";
    private static final String ANSWER = """
            {"id":"chatcmpl-e2e","object":"chat.completion","created":1741569952,"model":"gpt-4o",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hello from the stub."},
                         "finish_reason":"stop"}],
             "usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17}}""";

    private final AtomicReference<String> authorization = new AtomicReference<>();
    private volatile int status = 200;
    private volatile String reply = ANSWER;
    private HttpServer server;
    private RunningApp app;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        app = RunningApp.start(Map.of("OPENAI_API_KEY", KEY,
                "OPENAI_BASE_URL", "http://127.0.0.1:" + server.getAddress().getPort() + "/v1"));
    }

    @AfterEach
    void stop() {
        app.close();
        server.stop(0);
    }

    @Test
    void givenOpenAiConfigured_executeGpt_answersFromTheServer() {
        Api.Reply executed = app.api().post("/v1/prompt/execute", "{\"model\":\"gpt-4o\",\"input\":\"Hi\"}");

        assertThat(executed.status()).isEqualTo(200);
        assertThat(executed.json().path("output").asString()).isEqualTo("Hello from the stub.");
        assertThat(executed.json().path("usage").path("input_tokens").asLong()).isEqualTo(12);
        assertThat(authorization.get()).isEqualTo("Bearer " + KEY);
    }

    @Test
    void givenKeyRejected_execute_isUpstreamErrorWithoutTheKey() {
        status = 401;
        reply = "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + ".\",\"type\":\"invalid_request_error\","
                + "\"param\":null,\"code\":\"invalid_api_key\"}}";

        Api.Reply executed = app.api().post("/v1/prompt/execute", "{\"model\":\"gpt-4o\",\"input\":\"Hi\"}");

        assertError(executed, 502, "upstream_error");
        assertThat(executed.json().toString()).contains("credentials were rejected").doesNotContain(KEY);
    }

    @Test
    void givenPromptOverTheContextWindow_execute_isValidationErrorThatSaysSo() {
        status = 400;
        reply = "{\"error\":{\"message\":\"This model's maximum context length is 128000 tokens.\","
                + "\"type\":\"invalid_request_error\",\"param\":\"messages\",\"code\":\"context_length_exceeded\"}}";

        Api.Reply executed = app.api().post("/v1/prompt/execute", "{\"model\":\"gpt-4o\",\"input\":\"Hi\"}");

        assertError(executed, 400, "validation_error");
        assertThat(executed.json().toString()).contains("longer than the model's context window");
    }
}
