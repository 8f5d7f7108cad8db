package io.promptengine.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.domain.error.ExecutionFailedException;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.error.UpstreamException;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class StreamRoutesTest extends SharedServerTest {

    private static final String EXECUTE = "{\"model\":\"echo\",\"input\":\"Hello streaming world\",\"stream\":true}";

    @Test
    void givenStreamTrue_execute_answersTheExecutionEventThenDeltasThenTheCompletedExecution() {
        TestServer.Reply reply = server.postJson("/v1/prompt/execute", EXECUTE);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("text/event-stream");
        assertThat(reply.header("Cache-Control")).isEqualTo("no-cache");
        assertThat(reply.header("Content-Encoding")).isNull();
        List<Event> events = Event.parse(reply.body());
        assertThat(events).extracting(Event::name)
                .containsExactly("execution", "delta", "delta", "delta", "completed");
        assertThat(events.get(0).data().path("id").asString()).isEqualTo("exec_1");
        assertThat(events.get(0).data().path("status").asString()).isEqualTo("running");
        assertThat(events.subList(1, 4)).extracting(event -> event.data().path("text").asString())
                .containsExactly("Hello ", "streaming ", "world");
        JsonNode completed = events.get(4).data();
        assertThat(completed.path("status").asString()).isEqualTo("completed");
        assertThat(completed.path("output").asString()).isEqualTo("Hello streaming world");
        assertThat(completed.path("finish_reason").asString()).isEqualTo("stop");
        assertThat(completed.path("usage").path("total_tokens").asLong()).isEqualTo(42);
        assertThat(reply.header("X-Execution-Id")).isEqualTo("exec_1");
        assertThat(reply.header("X-Request-Id")).isNotBlank();
        assertThat(reply.header("X-RateLimit-Limit")).isNotBlank();
    }

    @Test
    void givenAcceptEventStream_execute_streamsToo() {
        TestServer.Reply reply = server.send(server.authorized("/v1/prompt/execute")
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"echo\",\"input\":\"Hi\"}")).build());

        assertThat(reply.header("Content-Type")).startsWith("text/event-stream");
        assertThat(Event.parse(reply.body())).extracting(Event::name).containsExactly("execution", "delta", "completed");
    }

    @Test
    void givenStream_execute_sendsTheHeadersAndTheFirstEventsBeforeTheExecutionEnds() throws Exception {
        CountDownLatch read = new CountDownLatch(1);
        server.executePrompt.betweenDeltas = () -> await(read);
        HttpResponse<InputStream> response = client().send(streamRequest(EXECUTE),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(response.headers().firstValue("X-Execution-Id")).contains("exec_1");
            assertThat(response.headers().firstValue("X-RateLimit-Remaining")).isPresent();
            assertThat(lines.readLine()).isEqualTo("event: execution");
            lines.readLine();
            lines.readLine();
            assertThat(lines.readLine()).isEqualTo("event: delta");
            read.countDown();
        } finally {
            read.countDown();
        }
    }

    @Test
    void givenFailureAfterTheStreamBegan_execute_endsWithAnErrorEventHoldingTheEnvelope() {
        server.executePrompt.streamFailure = new ExecutionFailedException(
                new UpstreamException("The provider failed mid-stream"), "exec_1");

        TestServer.Reply reply = server.postJson("/v1/prompt/execute", EXECUTE);

        assertThat(reply.status()).isEqualTo(200);
        List<Event> events = Event.parse(reply.body());
        assertThat(events).extracting(Event::name).containsExactly("execution", "delta", "error");
        JsonNode error = events.get(2).data().path("error");
        assertThat(error.path("code").asString()).isEqualTo("upstream_error");
        assertThat(error.path("message").asString()).isEqualTo("The provider failed mid-stream");
        assertThat(error.path("request_id").asString()).isEqualTo(reply.header("X-Request-Id"));
    }

    @Test
    void givenRefusalBeforeTheStream_execute_isAnOrdinaryJsonError() {
        server.executePrompt.failure = command -> new InvalidInputException("model", "No provider serves 'nope'");

        TestServer.Reply reply = server.postJson("/v1/prompt/execute", EXECUTE);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.errorField()).isEqualTo("model");
        assertThat(reply.header("X-RateLimit-Limit")).isNotBlank();
    }

    @Test
    void givenStreamAndAsync_execute_isRefused() {
        TestServer.Reply reply = server.postJson("/v1/prompt/execute",
                "{\"model\":\"echo\",\"input\":\"Hi\",\"stream\":true,\"async\":true}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorField()).isEqualTo("stream");
    }

    @Test
    void givenStreamNotBoolean_execute_isRefusedNamingTheField() {
        TestServer.Reply reply = server.postJson("/v1/prompt/execute",
                "{\"model\":\"echo\",\"input\":\"Hi\",\"stream\":\"yes\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorField()).isEqualTo("stream");
    }

    @Test
    void givenClientHangsUpMidStream_execute_theObserverThrowsAndTheUseCaseStops() throws Exception {
        String words = "word ".repeat(2_000);
        CountDownLatch closed = new CountDownLatch(1);
        server.executePrompt.betweenDeltas = () -> await(closed);
        HttpResponse<InputStream> response = client().send(
                streamRequest("{\"model\":\"echo\",\"input\":\"" + words + "\",\"stream\":true}"),
                HttpResponse.BodyHandlers.ofInputStream());
        InputStream body = response.body();
        body.read();
        body.close();
        closed.countDown();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.executePrompt.lastStreamEnd == null && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(server.executePrompt.lastStreamEnd).isInstanceOf(EventStream.ClientGoneException.class);
    }

    @Test
    void givenIdempotencyKey_streamReplay_sendsTheSameExecutionInOneDelta() {
        HttpRequest request = server.authorized("/v1/prompt/execute").header("Content-Type", "application/json")
                .header("Idempotency-Key", "stream-1").POST(HttpRequest.BodyPublishers.ofString(EXECUTE)).build();
        TestServer.Reply first = server.send(request);

        TestServer.Reply replay = server.send(request);

        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.header("Content-Type")).startsWith("text/event-stream");
        List<Event> events = Event.parse(replay.body());
        assertThat(events).extracting(Event::name).containsExactly("execution", "delta", "completed");
        assertThat(events.get(1).data().path("text").asString()).isEqualTo("Hello streaming world");
        assertThat(events.get(2).data()).isEqualTo(Event.parse(first.body()).get(4).data());
        assertThat(server.executePrompt.lastCommand).isNotNull();
    }

    @Test
    void givenAcceptEventStream_tenantEndpoint_streamsTheTextThenTheCompletedExecution() {
        TestServer.Reply reply = server.send(server.authorized(FakeCallEndpoint.PATH)
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"x\"}")).build());

        assertThat(reply.status()).isEqualTo(200);
        List<Event> events = Event.parse(reply.body());
        assertThat(events).extracting(Event::name).containsExactly("execution", "delta", "delta", "delta", "completed");
        assertThat(events.get(4).data().path("output").asString()).isEqualTo("A short summary.");
        assertThat(events.get(4).data().path("usage").path("total_tokens").asLong()).isEqualTo(10);
        assertThat(reply.header("X-Execution-Id")).isEqualTo("exec_endpoint1");
    }

    @Test
    void givenEndpointWithJsonOutput_tenantEndpointStream_completesWithTheDocumentAsOutput() {
        server.callEndpoint.answer = "{\"summary\": \"Short.\"}";
        server.callEndpoint.json = java.util.Optional.of("{\"summary\": \"Short.\"}");

        TestServer.Reply reply = server.send(server.authorized(FakeCallEndpoint.PATH)
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"x\"}")).build());

        List<Event> events = Event.parse(reply.body());
        assertThat(events.get(events.size() - 1).data().path("output").asString())
                .isEqualTo("{\"summary\": \"Short.\"}");
    }

    @Test
    void givenStreamTrue_storedPrompt_completesWithTheUsualAnswer() {
        TestServer.Reply reply = server.postJson("/v1/prompt/" + FakeRunStoredPrompt.PROMPT_ID + "/openai",
                "{\"message\":\"Please analyze this.\",\"stream\":true}");

        assertThat(reply.status()).isEqualTo(200);
        List<Event> events = Event.parse(reply.body());
        assertThat(events.get(0).name()).isEqualTo("execution");
        Event last = events.get(events.size() - 1);
        assertThat(last.name()).isEqualTo("completed");
        assertThat(last.data().path("success").asBoolean()).isTrue();
        assertThat(last.data().path("data").path("message").path("content").asString())
                .isEqualTo(FakeRunStoredPrompt.ANSWER_TEXT);
        StringBuilder text = new StringBuilder();
        events.subList(1, events.size() - 1).forEach(event -> text.append(event.data().path("text").asString()));
        assertThat(text.toString()).isEqualTo(FakeRunStoredPrompt.ANSWER_TEXT);
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static HttpRequest streamRequest(String body) {
        return server.authorized("/v1/prompt/execute").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One server-sent event: its name and its data as JSON. */
    record Event(String name, JsonNode data) {

        static List<Event> parse(String body) {
            List<Event> events = new ArrayList<>();
            for (String block : body.split("\n\n")) {
                if (block.isBlank()) {
                    continue;
                }
                String name = null;
                String data = null;
                for (String line : block.split("\n")) {
                    if (line.startsWith("event: ")) {
                        name = line.substring("event: ".length());
                    } else if (line.startsWith("data: ")) {
                        data = line.substring("data: ".length());
                    }
                }
                events.add(new Event(name, TestServer.JSON.readTree(data)));
            }
            return events;
        }
    }
}
