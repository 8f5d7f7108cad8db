package io.promptengine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming stub's wire format, the streaming client's reading of both event streams, and whole runs. */
class StreamBenchTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static HttpResponse<String> post(StreamStub stub, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(stub.baseUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void givenStreamWithUsage_stub_sendsRoleContentFinishUsageAndDoneChunks() throws Exception {
        try (StreamStub stub = StreamStub.start(0, new StreamStub.Pace(3, 0, 0), 10)) {
            HttpResponse<String> r = post(stub, StreamBench.chatBody());

            assertEquals(200, r.statusCode());
            assertEquals("text/event-stream", r.headers().firstValue("content-type").orElse(""));
            List<String> events = List.of(r.body().split("\n\n"));
            assertEquals(7, events.size(), r.body());
            for (String e : events) {
                assertTrue(e.startsWith("data: "), e);
            }
            assertTrue(events.get(0).contains("\"object\":\"chat.completion.chunk\""), events.get(0));
            assertTrue(events.get(0).contains("\"delta\":{\"role\":\"assistant\",\"content\":\"\"}"), events.get(0));
            assertTrue(events.get(1).contains("\"delta\":{\"content\":\"Entangled\"}"), events.get(1));
            assertTrue(events.get(3).contains("\"delta\":{\"content\":\" share\"}"), events.get(3));
            assertTrue(events.get(4).contains("\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\""),
                    events.get(4));
            assertTrue(events.get(5).contains("\"choices\":[],\"usage\":{\"prompt_tokens\":"), events.get(5));
            assertTrue(events.get(5).contains("\"completion_tokens\":3,"), events.get(5));
            assertEquals("data: [DONE]", events.get(6));
            assertEquals(1, stub.completed());
            assertEquals(0, stub.open());
        }
    }

    @Test
    void givenStreamWithoutIncludeUsage_stub_sendsNoUsageChunk() throws Exception {
        try (StreamStub stub = StreamStub.start(0, new StreamStub.Pace(2, 0, 0), 10)) {
            HttpResponse<String> r = post(stub, StreamBench.chatBody().replace(",\"stream_options\":{\"include_usage\":true}", ""));

            assertEquals(200, r.statusCode());
            assertFalse(r.body().contains("\"usage\""), r.body());
            assertTrue(r.body().endsWith("data: [DONE]\n\n"), r.body());
        }
    }

    @Test
    void givenNoStream_stub_answersOneChatCompletion() throws Exception {
        try (StreamStub stub = StreamStub.start(0, new StreamStub.Pace(2, 0, 0), 10)) {
            HttpResponse<String> r = post(stub, StreamBench.chatBody().replace("\"stream\":true", "\"stream\":false"));

            assertEquals(200, r.statusCode());
            assertTrue(r.body().startsWith("{\"id\":\"chatcmpl-stub"), r.body());
            assertTrue(r.body().contains("\"object\":\"chat.completion\""), r.body());
            assertTrue(r.body().contains("\"content\":\"Entangled particles\""), r.body());
            assertTrue(r.body().contains("\"completion_tokens\":2,"), r.body());
            assertEquals(1, stub.whole());
            assertEquals(0, stub.started());
            assertEquals(1, stub.maxOpen());
        }
    }

    @Test
    void givenNoMessages_stub_answers400InOpenAiErrorShape() throws Exception {
        try (StreamStub stub = StreamStub.start(0, new StreamStub.Pace(2, 0, 0), 10)) {
            HttpResponse<String> r = post(stub, "{\"model\":\"m\",\"stream\":true}");

            assertEquals(400, r.statusCode());
            assertTrue(r.body().startsWith("{\"error\":{\"message\":"), r.body());
        }
    }

    @Test
    void givenMoreStreamsThanItsLimit_stub_answers503AndCountsThem() throws Exception {
        try (StreamStub stub = StreamStub.start(0, new StreamStub.Pace(2, 0, 2_000), 2);
                StreamClient client = new StreamClient(Duration.ofSeconds(10))) {
            URI uri = URI.create(stub.baseUrl() + "/v1/chat/completions");
            CompletableFuture<StreamClient.Result> a = new CompletableFuture<>();
            CompletableFuture<StreamClient.Result> b = new CompletableFuture<>();
            client.start(uri, StreamBench.chatBody(), List.of(), a::complete);
            client.start(uri, StreamBench.chatBody(), List.of(), b::complete);
            while (stub.open() < 2) {
                Thread.sleep(10);
            }
            HttpResponse<String> third = post(stub, StreamBench.chatBody());

            assertEquals(503, third.statusCode());
            assertEquals(1, stub.refused());
            assertTrue(a.get(10, TimeUnit.SECONDS).ok());
            assertTrue(b.get(10, TimeUnit.SECONDS).ok());
            assertEquals(2, stub.maxOpen());
        }
    }

    @Test
    void givenPacedStub_client_timesTheFirstContentChunkNotTheRoleChunk() throws Exception {
        try (StreamStub stub = StreamStub.start(0, new StreamStub.Pace(4, 300, 10), 10);
                StreamClient client = new StreamClient(Duration.ofSeconds(10))) {
            CompletableFuture<StreamClient.Result> f = new CompletableFuture<>();
            client.start(URI.create(stub.baseUrl() + "/v1/chat/completions"), StreamBench.chatBody(), List.of(),
                    f::complete);
            StreamClient.Result r = f.get(10, TimeUnit.SECONDS);

            assertTrue(r.ok(), r.error);
            assertEquals(200, r.status);
            assertEquals(4, r.contentChunks);
            assertTrue(r.usage);
            // the role chunk comes at once; the first content chunk is due 300 ms after the request
            assertTrue(r.firstTokenNanos - r.sendNanos >= 300_000_000L, "first token after the role chunk");
            assertTrue(r.endNanos >= r.firstTokenNanos);
        }
    }

    /** A one-route server answering {@code body} as text/event-stream (Prompt Engine's native events). */
    private static HttpServer sse(String body) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.createContext("/v1/prompt/execute", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream o = ex.getResponseBody()) {
                // CRLF line ends and a comment, as any server may send them
                for (String part : body.split("(?<=\n)")) {
                    o.write(part.getBytes(StandardCharsets.UTF_8));
                    o.flush();
                }
            }
        });
        s.start();
        return s;
    }

    private static StreamClient.Result readNative(String body) throws Exception {
        HttpServer s = sse(body);
        try (StreamClient client = new StreamClient(Duration.ofSeconds(10))) {
            CompletableFuture<StreamClient.Result> f = new CompletableFuture<>();
            client.start(URI.create("http://127.0.0.1:" + s.getAddress().getPort() + "/v1/prompt/execute"),
                    StreamBench.route("execute").body(), List.of("Authorization", "Bearer k"), f::complete);
            return f.get(10, TimeUnit.SECONDS);
        } finally {
            s.stop(0);
        }
    }

    @Test
    void givenNativeEventStream_client_countsDeltasAndEndsOnCompleted() throws Exception {
        StreamClient.Result r = readNative(": hello\r\nevent: execution\r\ndata: {\"id\":\"e1\",\"status\":\"running\"}\r\n\r\n"
                + "event: delta\r\ndata: {\"text\":\"Hi\"}\r\n\r\nevent: delta\r\ndata: {\"text\":\" there\"}\r\n\r\n"
                + "event: completed\r\ndata: {\"id\":\"e1\",\"status\":\"completed\",\"output\":\"Hi there\"}\r\n\r\n");

        assertTrue(r.ok(), r.error);
        assertEquals(2, r.contentChunks);
        assertTrue(r.firstTokenNanos > 0);
    }

    @Test
    void givenErrorEventMidStream_client_countsTheStreamAsAnError() throws Exception {
        StreamClient.Result r = readNative("event: execution\ndata: {\"id\":\"e1\"}\n\nevent: delta\ndata: {\"text\":\"Hi\"}\n\n"
                + "event: error\ndata: {\"error\":{\"code\":\"upstream_error\",\"message\":\"x\"}}\n\n");

        assertFalse(r.ok());
        assertEquals("error event", r.error);
    }

    @Test
    void givenStreamEndingWithoutDone_client_countsNoEnd() throws Exception {
        StreamClient.Result r = readNative("event: delta\ndata: {\"text\":\"Hi\"}\n\n");

        assertEquals("no end", r.error);
    }

    @Test
    void givenStreamPastItsDeadline_client_cancelsItAsTimeout() throws Exception {
        try (StreamStub stub = StreamStub.start(0, new StreamStub.Pace(2, 0, 30_000), 10);
                StreamClient client = new StreamClient(Duration.ofMillis(500))) {
            CompletableFuture<StreamClient.Result> f = new CompletableFuture<>();
            client.start(URI.create(stub.baseUrl() + "/v1/chat/completions"), StreamBench.chatBody(), List.of(),
                    f::complete);
            StreamClient.Result r = f.get(10, TimeUnit.SECONDS);

            assertEquals("timeout", r.error);
            assertEquals(0, client.open());
        }
    }

    @Test
    void givenContentKeys_hasText_wantsAtLeastOneCharacter() {
        assertTrue(StreamClient.hasText("{\"delta\":{\"content\":\"x\"}}", "\"content\":\""));
        assertFalse(StreamClient.hasText("{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}", "\"content\":\""));
        assertTrue(StreamClient.hasText("{\"content\":\"\",\"content\":\"y\"}", "\"content\":\""));
        assertFalse(StreamClient.hasText("{\"delta\":{}}", "\"content\":\""));
    }

    @Test
    void givenNoGateway_run_measuresTheStubAndHoldsTheOpenStreams(@TempDir Path dir) throws Exception {
        Path ttft = dir.resolve("ttft.md");
        Path open = dir.resolve("open.md");
        StreamBench.Opts o = StreamBench.Opts.parse("--no-gateway", "--chunks", "3", "--first-ms", "20",
                "--interval-ms", "10", "--clients", "4", "--warmup", "0.2", "--duration", "0.5",
                "--open-streams", "100", "--ramp-rate", "200", "--hold", "1", "--timeout", "20",
                "--label", "test", "--markdown-ttft", ttft.toString(), "--markdown-open", open.toString());
        ByteArrayOutputStream buf = new ByteArrayOutputStream();

        StreamBench.Run run = StreamBench.run(o, new PrintStream(buf, true, StandardCharsets.UTF_8));

        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, run.exitCode, out);
        assertEquals(1, run.ttft.size());
        assertTrue(run.ttft.get(0).ok > 0, out);
        assertEquals(0, run.ttft.get(0).errorCount(), out);
        assertEquals(run.ttft.get(0).ok, run.ttft.get(0).usage);
        assertNotNull(run.open);
        assertEquals(100, run.open.ok, out);
        assertEquals(100, run.open.maxOpenClient, out);
        assertEquals(100, run.open.maxOpenStub, out);
        assertEquals(0, run.open.errorCount());
        assertTrue(Files.readString(ttft).startsWith("| test | direct (stub) | "), Files.readString(ttft));
        assertTrue(Files.readString(open).startsWith("| test | 100 | 100 | 100 | 100 | 0 | "), Files.readString(open));
    }

    @Test
    void givenGatewayUrl_run_reportsWhatTheGatewayAdds(@TempDir Path dir) throws Exception {
        // a second stub stands in for the gateway: same wire format, so "added" is about zero here
        try (StreamStub gateway = StreamStub.start(0, new StreamStub.Pace(3, 20, 10), 100)) {
            Path ttft = dir.resolve("ttft.md");
            StreamBench.Opts o = StreamBench.Opts.parse("--url", gateway.baseUrl(), "--key", "k", "--routes", "chat",
                    "--chunks", "3", "--first-ms", "20", "--interval-ms", "10", "--clients", "2", "--warmup", "0",
                    "--duration", "0.5", "--open-streams", "0", "--label", "gw", "--markdown-ttft", ttft.toString());
            ByteArrayOutputStream buf = new ByteArrayOutputStream();

            StreamBench.Run run = StreamBench.run(o, new PrintStream(buf, true, StandardCharsets.UTF_8));

            String out = buf.toString(StandardCharsets.UTF_8);
            assertEquals(0, run.exitCode, out);
            assertEquals(2, run.ttft.size());
            assertEquals("gateway /v1/chat/completions", run.ttft.get(1).target);
            assertTrue(run.ttft.get(1).ok > 0, out);
            assertTrue(gateway.completed() > 0);
            assertNull(run.open);
            assertTrue(out.contains("added    by Prompt Engine on /v1/chat/completions"), out);
            List<String> rows = Files.readAllLines(ttft);
            assertEquals(2, rows.size());
            assertTrue(rows.get(1).startsWith("| gw | gateway /v1/chat/completions | "), rows.get(1));
        }
    }

    @Test
    void givenBadOptions_parse_refusesThem() {
        assertThrows(IllegalArgumentException.class, () -> StreamBench.Opts.parse("--routes", "chat,nope"));
        assertThrows(IllegalArgumentException.class,
                () -> StreamBench.Opts.parse("--open-streams", "2000", "--ramp-rate", "40", "--timeout", "30"));
        assertThrows(IllegalArgumentException.class, () -> StreamBench.Opts.parse("--url", "http://127.0.0.1:1"));
        assertThrows(IllegalArgumentException.class,
                () -> StreamBench.Opts.parse("--url", "http://example.com:80", "--key", "k"));
        assertThrows(IllegalArgumentException.class, () -> StreamBench.Opts.parse("--clients", "0"));
    }
}
