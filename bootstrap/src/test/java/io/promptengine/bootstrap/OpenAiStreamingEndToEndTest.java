package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Streams through the OpenAI provider to a local server that speaks Chat Completions' streaming wire format
 * ({@code data:} lines of {@code chat.completion.chunk}, the usage chunk, {@code [DONE]}): a client that hangs up
 * mid-stream closes the upstream connection at once and is charged for what it used; a server that stalls after
 * its headers ends the stream at the execution's deadline.
 */
class OpenAiStreamingEndToEndTest {

    private static final String KEY = "sk-e2e-stream-0123456789";
    private static final Duration PACE = Duration.ofMillis(50);
    private static final int WORDS = 200;
    /** How long the stub waits for anything, so that no test can hang. */
    private static final long LIMIT_SECONDS = 15;

    private final CountDownLatch upstreamClosed = new CountDownLatch(1);
    private final AtomicLong upstreamClosedAt = new AtomicLong();
    private final CountDownLatch released = new CountDownLatch(1);
    private final CountDownLatch requested = new CountDownLatch(1);
    private volatile boolean askedToStream;
    private volatile boolean stall;
    private final ExecutorService stubThreads = Executors.newCachedThreadPool();
    private HttpServer server;
    private RunningApp app;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(stubThreads);
        server.createContext("/v1/chat/completions", this::chat);
        server.start();
        app = RunningApp.start(Map.of("OPENAI_API_KEY", KEY,
                "OPENAI_BASE_URL", "http://127.0.0.1:" + server.getAddress().getPort() + "/v1"));
    }

    @AfterEach
    void stop() {
        released.countDown();
        app.close();
        server.stop(0);
        stubThreads.shutdownNow();
    }

    @Test
    void givenClientHangsUpMidStream_upstreamIsClosedAtOnceAndThePartialTokensAreChargedToThePlan()
            throws Exception {
        Operator operator = new Operator(app);
        assertThat(app.admin().post("/v1/admin/plans",
                "{\"name\":\"sipping\",\"requests_per_minute\":100,\"tokens_per_minute\":2}").status()).isEqualTo(201);
        String tenant = operator.createTenant("sipping", "sipping");
        Api client = app.api().withKey(operator.issueKey(tenant, "execute", "read"));

        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(client.jsonPost("/v1/prompt/execute",
                "{\"model\":\"gpt-4o\",\"input\":\"Count slowly\",\"stream\":true}").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        String id;
        long hungUpAt;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).isEqualTo("event: execution");
            id = Api.JSON.readTree(lines.readLine().substring("data: ".length())).path("id").asString();
            lines.readLine();
            assertThat(lines.readLine()).isEqualTo("event: delta");
            hungUpAt = System.nanoTime();
        }
        assertThat(requested.await(LIMIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(askedToStream).as("the OpenAI provider asked for a stream").isTrue();

        assertThat(upstreamClosed.await(LIMIT_SECONDS, TimeUnit.SECONDS)).as("the stub saw its connection closed")
                .isTrue();
        assertThat(Duration.ofNanos(upstreamClosedAt.get() - hungUpAt)).as("upstream closed after the hang-up")
                .isLessThan(Duration.ofSeconds(1));
        JsonNode cancelled = Eventually.await("execution " + id + " to be recorded",
                () -> client.get("/v1/executions/" + id), reply -> reply.status() == 200).json();
        assertThat(cancelled.path("status").asString()).isEqualTo("cancelled");
        long output = cancelled.path("usage").path("output_tokens").asLong();
        assertThat(output).as("the words streamed before the hang-up, counted").isPositive().isLessThan(WORDS);
        assertThat(cancelled.path("usage").path("input_tokens").asLong()).isPositive();
        Api.Reply next = client.post("/v1/prompt/execute", "{\"model\":\"echo\",\"input\":\"Hi\"}");
        // two tokens a minute: the charge (at least one input and one output token, asserted above) uses them up
        // however few words the stream had sent when the server saw the hang-up
        assertThat(next.status()).as("the plan's 2 tokens a minute are used up").isEqualTo(429);
        assertThat(next.errorCode()).isEqualTo("quota_exceeded");
    }

    @Test
    void givenServerStallingAfterItsHeaders_stream_endsWithATimeoutErrorEventAtTheDeadline() {
        stall = true;
        String endpoint = app.api().post("/v1/endpoints", "{\"path\":\"/api/v1/openai-stall\",\"timeout_seconds\":1,"
                + "\"input_schema\":{\"type\":\"object\"}}").json().path("id").asString();
        String prompt = app.api().post("/v1/prompts", "{\"name\":\"openai-stall\",\"title\":\"Stall\","
                + "\"endpoint_id\":\"" + endpoint + "\"}").json().path("id").asString();
        assertThat(app.api().post("/v1/prompts/" + prompt + "/versions",
                "{\"user_template\":\"Wait\",\"model\":\"gpt-4o\"}").status()).isEqualTo(201);
        assertThat(app.api().post("/v1/prompts/" + prompt + "/versions/1/publish", "").status()).isEqualTo(200);

        long sent = System.nanoTime();
        Api.Reply reply = app.api().send(app.api().jsonPost("/api/v1/openai-stall", "{}")
                .header("Accept", "text/event-stream").build());
        Duration waited = Duration.ofNanos(System.nanoTime() - sent);

        assertThat(reply.status()).isEqualTo(200);
        List<StreamingEndToEndTest.Event> events = StreamingEndToEndTest.Event.parse(reply.body());
        assertThat(events).extracting(StreamingEndToEndTest.Event::name).containsExactly("execution", "error");
        assertThat(events.get(1).data().path("error").path("code").asString()).isEqualTo("timeout");
        assertThat(waited).as("answered at the 1 s deadline, not when the stall ends").isLessThan(
                Duration.ofSeconds(LIMIT_SECONDS / 2));
        String id = events.get(0).data().path("id").asString();
        assertThat(app.api().get("/v1/executions/" + id).json().path("status").asString()).isEqualTo("timed_out");
    }

    /** Chat Completions, streamed as the API documents it when asked to stream, else one answer. */
    private void chat(HttpExchange exchange) throws IOException {
        String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        askedToStream = request.replace(" ", "").contains("\"stream\":true");
        requested.countDown();
        if (!askedToStream && !stall) {
            answerWhole(exchange);
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        try {
            out.flush();
            if (stall) {
                released.await(LIMIT_SECONDS, TimeUnit.SECONDS);
                return;
            }
            send(out, "{\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1741569952,"
                    + "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
                    + "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}");
            for (int i = 0; i < WORDS; i++) {
                send(out, "{\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1741569952,"
                        + "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"word \"},"
                        + "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}");
                TimeUnit.NANOSECONDS.sleep(PACE.toNanos());
            }
            send(out, "{\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1741569952,"
                    + "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,"
                    + "\"finish_reason\":\"stop\"}],\"usage\":null}");
            send(out, "{\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1741569952,"
                    + "\"model\":\"gpt-4o\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":"
                    + WORDS + ",\"total_tokens\":" + (9 + WORDS) + "}}");
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException closed) {
            upstreamClosedAt.set(System.nanoTime());
            upstreamClosed.countDown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    /** The whole answer in one piece, for a provider that does not stream. */
    private static void answerWhole(HttpExchange exchange) throws IOException {
        byte[] body = ("{\"id\":\"chatcmpl-w\",\"object\":\"chat.completion\",\"created\":1741569952,"
                + "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"word word\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,"
                + "\"completion_tokens\":2,\"total_tokens\":11}}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void send(OutputStream out, String chunk) throws IOException {
        out.write(("data: " + chunk + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
