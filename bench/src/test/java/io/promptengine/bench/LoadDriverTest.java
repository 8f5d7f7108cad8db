package io.promptengine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end checks of the driver against {@link StubServer}; each run lasts about a second. */
class LoadDriverTest {

    private static final String KEY = "pe_live_test_key";
    private static StubServer stub;

    @BeforeAll
    static void startStub() throws IOException {
        stub = StubServer.start(0, KEY, 4);
    }

    @AfterAll
    static void stopStub() {
        stub.stop();
    }

    private static LoadDriver.RunResult drive(StringBuilder log, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LoadDriver.RunResult r = LoadDriver.run(Options.parse(args), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        log.append(bytes.toString(StandardCharsets.UTF_8));
        System.out.print(log);
        return r;
    }

    private static String url() {
        return "http://127.0.0.1:" + stub.port();
    }

    @Test
    void givenDirect_run_measuresTheUpstreamStubAloneAndCountsEveryRequestItAnswered() {
        StringBuilder log = new StringBuilder();
        LoadDriver.RunResult r = drive(log, "--direct", "--saturate", "--concurrency", "2", "--duration", "1",
                "--warmup", "0", "--summary", System.getProperty("java.io.tmpdir") + "/pe-bench-direct-test.tsv");

        assertEquals(0, r.exitCode, log::toString);
        assertTrue(r.measured.ok > 0, log::toString);
        assertEquals(0, r.measured.errorCount(), log::toString);
        assertEquals(r.measured.ok, r.stubRequests, log::toString);
        assertTrue(log.toString().contains("(stub CPU / successful responses)"), log::toString);
    }

    /**
     * A stand-in for another gateway: forwards each POST to the upstream its {@code x-upstream} header names (the
     * driver's {@code {stub}}) and answers with what came back.
     */
    private static com.sun.net.httpserver.HttpServer forwardingGateway() throws IOException {
        com.sun.net.httpserver.HttpServer gateway = com.sun.net.httpserver.HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        gateway.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                String upstream = exchange.getRequestHeaders().getFirst("x-upstream");
                java.net.http.HttpResponse<byte[]> answer = http.send(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create(upstream + "/chat/completions"))
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(answer.statusCode(), answer.body().length);
                exchange.getResponseBody().write(answer.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        gateway.start();
        return gateway;
    }

    @Test
    void givenAnotherGateway_run_sendsChatCompletionsThroughItToTheStub() throws IOException {
        com.sun.net.httpserver.HttpServer gateway = forwardingGateway();
        try {
            StringBuilder log = new StringBuilder();
            LoadDriver.RunResult r = drive(log, "--gateway", "http://127.0.0.1:" + gateway.getAddress().getPort(),
                    "--header", "x-upstream: {stub}", "--saturate", "--concurrency", "2", "--duration", "1",
                    "--warmup", "0");

            assertEquals(0, r.exitCode, log::toString);
            assertTrue(r.measured.ok > 0, log::toString);
            assertEquals(0, r.measured.errorCount(), log::toString);
            assertEquals(r.measured.ok, r.stubRequests, "every answer came from the stub, through the gateway");
        } finally {
            gateway.stop(0);
        }
    }

    @Test
    void givenAGatewayWithAServerOrOffLoopback_parse_refusesIt() {
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--gateway", "http://127.0.0.1:8787",
                "--jar", "x.jar"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--gateway", "http://127.0.0.1:8787",
                "--upstream"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--gateway", "http://127.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--gateway", "http://192.0.2.1:8787"));
    }

    @Test
    void givenDirectWithAServer_parse_refusesIt() {
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--direct", "--jar", "x.jar"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--upstream", "--url", "http://127.0.0.1:1",
                "--key", "k"));
    }

    @Test
    void openLoopSendsExactlyTheScheduleAndMeasuresFromIntendedTime() {
        StringBuilder log = new StringBuilder();
        LoadDriver.RunResult r = drive(log, "--url", url(), "--key", KEY, "--rate", "400", "--duration", "1",
                "--warmup", "0.3", "--fixed-warmup", "--concurrency", "8");
        assertEquals(0, r.exitCode, log::toString);
        LoadRunner.PhaseResult m = r.measured;
        assertEquals(400, m.scheduled);
        assertEquals(400, m.sent);
        assertEquals(400, m.ok, log::toString);
        assertTrue(m.errors.isEmpty(), log::toString);
        assertEquals(400, m.latency.getTotalCount());
        // latency from the intended time can never be below the service time of the same request
        assertTrue(m.latency.getMaxValue() >= m.service.getMaxValue() - 1);
        assertTrue(m.throughput() > 300 && m.throughput() <= 401, () -> "throughput " + m.throughput());
        assertTrue(log.toString().contains("p99.9"), log::toString);
    }

    @Test
    void givenASteadyWarmup_run_warmsUpInWindowsForAtLeastTheMinimumAndAtMostTheMaximum() {
        StringBuilder log = new StringBuilder();
        LoadDriver.RunResult r = drive(log, "--url", url(), "--key", KEY, "--saturate", "--concurrency", "4",
                "--duration", "0.5", "--warmup", "1", "--warmup-window", "0.2", "--warmup-max", "4");
        assertEquals(0, r.exitCode, log::toString);
        assertNotNull(r.warmup.steady(), log::toString);
        assertTrue(r.warmup.seconds() >= 1 && r.warmup.seconds() <= 4, log::toString);
        // at least five windows (1 s of 0.2 s windows), each printed with its throughput; no pid: time per response
        long printed = log.toString().lines().filter(l -> l.contains(" req/s  CPU n/a ms/req  JIT n/a")).count();
        assertTrue(printed >= 5, log::toString);
        assertTrue(log.toString().contains(r.warmup.steady() ? "steady after" : "not steady after"), log::toString);
    }

    /** Windows of these costs (CPU ms per request) and JIT shares (-1: unknown). */
    private static List<Warmup.Window> windows(double jit, double... costs) {
        return java.util.Arrays.stream(costs).mapToObj(c -> new Warmup.Window(100, 1000, c, jit)).toList();
    }

    @Test
    void steadyRule_holdsOnlyWhenTheLastThreeWindowsCostNoLessThanTheThreeBeforeLessTheToleranceAndTheJitIsQuiet() {
        assertFalse(Warmup.steady(windows(-1, 0.5, 0.5, 0.5, 0.5, 0.5), 0.05, 0.05), "six windows are needed");
        assertFalse(Warmup.steady(windows(-1, 1.0, 0.9, 0.8, 0.7, 0.6, 0.5), 0.05, 0.05), "still falling");
        assertTrue(Warmup.steady(windows(-1, 2.0, 0.5, 0.52, 0.49, 0.51, 0.5, 0.5), 0.05, 0.05), "flat");
        assertTrue(Warmup.steady(windows(-1, 0.5, 0.5, 0.5, 0.6, 0.6, 0.6), 0.05, 0.05), "rising is not warming up");
        assertTrue(Warmup.steady(windows(-1, 1, 1, 1, 0.95, 0.95, 0.95), 0.05, 0.05), "a fall of exactly the tolerance");
        assertFalse(Warmup.steady(windows(-1, 1, 1, 1, 0.94, 0.94, 0.94), 0.05, 0.05), "a fall beyond it");
        // a pause in the climb (JDK 17 on two cores: 1.15, 1.07, 1.25, 1.15, 1.11 ms and then down to 0.3 ms)
        assertFalse(Warmup.steady(windows(-1, 1.95, 1.15, 1.07, 1.25, 1.15, 1.11), 0.05, 0.05), "a pause");
        List<Warmup.Window> flat = windows(-1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5);
        List<Warmup.Window> noSuccess = new java.util.ArrayList<>(flat);
        noSuccess.set(5, new Warmup.Window(0, 0, -1, -1));
        assertFalse(Warmup.steady(noSuccess, 0.05, 0.05), "a window without a success");
        assertFalse(Warmup.steady(windows(0.2, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5), 0.05, 0.05), "the JIT still busy");
        assertTrue(Warmup.steady(windows(0.05, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5), 0.05, 0.05), "the JIT at its limit");
        List<Warmup.Window> jitLast = new java.util.ArrayList<>(windows(0.01, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5));
        jitLast.set(4, new Warmup.Window(100, 1000, 0.5, 0.3));
        assertFalse(Warmup.steady(jitLast, 0.05, 0.05), "the JIT busy in the last but one window");
        assertEquals(Double.NaN, new Warmup.Window(0, 0, -1, -1).cost());
        assertEquals(0.25, new Warmup.Window(10, 4000, 0.25, -1).cost(), 1e-9, "CPU per request when measured");
        assertEquals(0.25, new Warmup.Window(10, 4000, -1, -1).cost(), 1e-9, "else time per response");
        assertEquals("45", new Warmup.Outcome(45.2, true).cell());
        assertEquals("180 (not steady)", new Warmup.Outcome(180, false).cell());
        assertEquals("20 (fixed)", new Warmup.Outcome(20, null).cell());
        assertEquals("0", Warmup.Outcome.NONE.cell());
    }

    @Test
    void givenWarmupOptionsOutOfRange_parse_refusesThem() {
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--url", url(), "--key", KEY,
                "--warmup", "60", "--warmup-max", "30"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--url", url(), "--key", KEY,
                "--steady-tolerance", "1"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--url", url(), "--key", KEY,
                "--warmup-window", "0"));
        Options fixed = Options.parse("--url", url(), "--key", KEY, "--warmup", "60", "--warmup-max", "30",
                "--fixed-warmup");
        assertTrue(fixed.fixedWarmup);
    }

    @Test
    void closedLoopSaturatesWithRawSockets() {
        StringBuilder log = new StringBuilder();
        LoadDriver.RunResult r = drive(log, "--url", url(), "--key", KEY, "--saturate", "--concurrency", "8",
                "--duration", "1", "--warmup", "0.3", "--fixed-warmup");
        assertEquals(0, r.exitCode, log::toString);
        assertTrue(r.measured.ok > 200, log::toString);
        assertTrue(r.measured.errors.isEmpty(), log::toString);
    }

    @Test
    void closedLoopWithTheJdkHttpClient() {
        StringBuilder log = new StringBuilder();
        LoadDriver.RunResult r = drive(log, "--url", url(), "--key", KEY, "--saturate", "--concurrency", "8",
                "--duration", "1", "--warmup", "0.3", "--fixed-warmup", "--client", "jdk");
        assertEquals(0, r.exitCode, log::toString);
        assertTrue(r.measured.ok > 200, log::toString);
        assertTrue(r.measured.errors.isEmpty(), log::toString);
    }

    @Test
    void apiKeyHeaderVariantIsAccepted() {
        StringBuilder log = new StringBuilder();
        LoadDriver.RunResult r = drive(log, "--url", url(), "--key", KEY, "--auth-header", "x-api-key",
                "--rate", "100", "--duration", "0.5", "--warmup", "0", "--concurrency", "2");
        assertEquals(50, r.measured.ok, log::toString);
    }

    @Test
    void errorsAreCountedByStatus() {
        StringBuilder log = new StringBuilder();
        LoadDriver.RunResult r = drive(log, "--url", url(), "--key", "wrong", "--rate", "100", "--duration", "0.5",
                "--warmup", "0", "--concurrency", "2");
        assertEquals(3, r.exitCode, "no success -> exit 3");
        assertEquals(0, r.measured.ok);
        assertEquals(50L, r.measured.errors.get("401"), log::toString);
        assertTrue(log.toString().contains("401 x50"), log::toString);
    }

    @Test
    void startsTheJarWaitsForReadinessThenStopsItAndDeletesTheTempDir(@TempDir Path tmp) throws Exception {
        Path jar = stubJar(tmp);
        Path md = tmp.resolve("table.md");
        StringBuilder log = new StringBuilder();
        LoadDriver.RunResult r = drive(log, "--jar", jar.toString(), "--rate", "200", "--duration", "1",
                "--warmup", "0.5", "--warmup-window", "0.25", "--warmup-max", "3", "--concurrency", "4",
                "--server-env", "STUB_READY_DELAY_MS=300",
                "--jvm-arg", "-Xmx64m", "--markdown", md.toString(), "--label", "stub");
        assertEquals(0, r.exitCode, log::toString);
        assertEquals(200, r.measured.ok, log::toString);
        assertTrue(r.readyMs >= 300, () -> "ready " + r.readyMs);
        assertTrue(r.rssKb > 0, log::toString);
        assertNotNull(r.heapMb, log::toString);
        assertTrue(r.serverCores >= 0 && r.driverCores >= 0, log::toString);
        assertFalse(ProcessHandle.of(r.pid).map(ProcessHandle::isAlive).orElse(false), "server still running");
        assertFalse(Files.exists(r.tempDir), "temp dir not deleted: " + r.tempDir);
        assertTrue(log.toString().contains("pe-bench-"), log::toString);
        String row = Files.readString(md);
        assertTrue(row.startsWith("| stub | "), row);
        assertEquals(columns(LoadDriver.markdownHeader()), columns(row), row);
        assertTrue(log.toString().contains("hiccups"), log::toString);
        // the warm-up measured the server's CPU per window and ended by the rule or at --warmup-max
        assertTrue(log.toString().contains(" ms/req"), log::toString);
        assertTrue(r.warmup.seconds() >= 0.5 && r.warmup.seconds() <= 3, log::toString);
        assertTrue(row.trim().endsWith("| " + r.warmup.cell() + " |"), row);
    }

    @Test
    void givenTwoConfigurations_abBench_runsBothServersAndMeasuresThemInTurnsAtEachConcurrency(@TempDir Path tmp)
            throws Exception {
        Path jar = stubJar(tmp);
        Path summary = tmp.resolve("ab.tsv");
        Path md = tmp.resolve("ab.md");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = AbBench.run(new String[] {"--jar", jar.toString(), "--jvm-arg", "-Xmx64m", "--a-label", "off",
            "--b-label", "on", "--b-env", "STUB_READY_DELAY_MS=1", "--b-jvm-arg", "-Xmx48m", "--concurrencies", "1,2", "--rounds", "3",
            "--duration", "0.3", "--warmup", "0.2", "--warmup-window", "0.1", "--warmup-max", "1",
            "--summary", summary.toString(), "--markdown", md.toString()},
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String log = bytes.toString(StandardCharsets.UTF_8);
        System.out.print(log);
        assertEquals(0, code, log);
        // round 0 (not counted) and three rounds, two concurrencies, two sides; B first in the second round
        assertEquals(16, log.lines().filter(l -> l.startsWith("round ")).count(), log);
        assertEquals(4, log.lines().filter(l -> l.startsWith("round 0") && l.endsWith("(not counted)")).count(), log);
        assertTrue(log.contains("round 2  on     1 conn"), log);
        assertTrue(log.contains("its own settings [STUB_READY_DELAY_MS=1, -Xmx48m]"), log);
        assertTrue(log.indexOf("round 2  on     1 conn") < log.indexOf("round 2  off    1 conn"), log);
        List<String> lines = Files.readAllLines(summary);
        assertEquals(List.of("off 1-conn", "on 1-conn", "off 2-conn", "on 2-conn"),
                lines.stream().map(l -> l.split("\t")[0]).toList(), lines::toString);
        assertEquals(columns(AbBench.markdownHeader()), columns(Files.readString(md).lines().findFirst().orElseThrow()));
        assertEquals(2.0, AbBench.median(new double[] {3, 1, 2}));
        assertEquals(2.5, AbBench.median(new double[] {4, 1, 2, 3}));
        assertThrows(IllegalArgumentException.class,
                () -> AbBench.run(new String[] {"--rounds", "0"}, new PrintStream(new ByteArrayOutputStream())));
    }

    @Test
    void givenOtlpSink_run_pointsTheServerAtItAndCountsItsExports(@TempDir Path tmp) throws Exception {
        Path jar = stubJar(tmp);
        StringBuilder log = new StringBuilder();
        LoadDriver.RunResult r = drive(log, "--jar", jar.toString(), "--otlp-sink", "--rate", "100", "--duration",
                "0.5", "--warmup", "0", "--concurrency", "2", "--markdown", tmp.resolve("t.md").toString());
        assertEquals(0, r.exitCode, log::toString);
        assertTrue(log.toString().contains("otlp     1 exports received, 0.1 KB in all"), log::toString);
    }

    @Test
    void givenOtlpSinkWithoutAServerOfItsOwn_parse_refusesIt() {
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--otlp-sink", "--direct"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--otlp-sink", "--gateway",
                "http://127.0.0.1:8787", "--key", "k"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--otlp-sink", "--url",
                "http://127.0.0.1:7070", "--key", "k"));
    }

    @Test
    void aServerThatNeverGetsReadyFailsWithinTheTimeoutAndIsStopped(@TempDir Path tmp) throws Exception {
        Path jar = stubJar(tmp);
        StringBuilder log = new StringBuilder();
        Path md = tmp.resolve("table.md");
        LoadDriver.RunResult r = drive(log, "--jar", jar.toString(), "--ready-timeout", "1", "--duration", "1",
                "--server-env", "STUB_READY_DELAY_MS=60000", "--markdown", md.toString());
        assertEquals(2, r.exitCode, log::toString);
        String row = Files.readString(md);
        assertTrue(row.contains("failed: server not ready"), row);
        assertEquals(columns(LoadDriver.markdownHeader()), columns(row), row);
        assertTrue(log.toString().contains("not ready within"), log::toString);
        assertFalse(ProcessHandle.of(r.pid).map(ProcessHandle::isAlive).orElse(false), "server still running");
        assertFalse(Files.exists(r.tempDir));
    }

    private static int columns(String table) {
        String first = table.lines().findFirst().orElseThrow().trim();
        return first.split("\\|", -1).length;
    }

    @Test
    void refusesNonLoopbackTargets() {
        assertThrows(IllegalArgumentException.class,
                () -> Options.parse("--url", "http://192.0.2.1:7070", "--key", "k"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--url", "http://127.0.0.1:1"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--client", "curl"));
    }

    @Test
    void parsesChunkedCloseAndUntilEofResponses() throws Exception {
        String ok = "{\"id\":\"exec_1\", \"status\" : \"completed\"}";
        String half = ok.substring(0, 10);
        String rest = ok.substring(10);
        List<String> responses = List.of(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n"
                        + Integer.toHexString(half.length()) + "\r\n" + half + "\r\n"
                        + Integer.toHexString(rest.length()) + ";ext=1\r\n" + rest + "\r\n0\r\nX-Trailer: t\r\n\r\n",
                "HTTP/1.1 200 OK\r\ncontent-length: " + ok.length() + "\r\nConnection: close\r\n\r\n" + ok,
                "HTTP/1.0 429 Too Many Requests\r\nRetry-After: 1\r\n\r\n{\"error\":{}}",
                "HTTP/1.1 200 OK\r\nContent-Length: 19\r\n\r\n{\"status\":\"failed\"}");
        try (ServerSocket ss = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> serveScripted(ss, responses));
            server.setDaemon(true);
            server.start();
            Options o = Options.parse("--key", "k");
            SocketConnection c = new SocketConnection(new InetSocketAddress("127.0.0.1", ss.getLocalPort()),
                    SocketConnection.buildRequest("127.0.0.1", ss.getLocalPort(), o, "k"), 2000, true);
            assertEquals(200, c.exchange(), "chunked");
            assertEquals(200, c.exchange(), "content-length, then close");
            assertEquals(429, c.exchange(), "HTTP/1.0 body until EOF");
            assertEquals(Connection.BAD_BODY, c.exchange(), "200 that is not completed");
            c.close();
            server.join(2000);
        }
    }

    /** Answers one scripted response per request; closes where the script says so. */
    private static void serveScripted(ServerSocket ss, List<String> responses) {
        int next = 0;
        try {
            while (next < responses.size()) {
                try (Socket s = ss.accept()) {
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    while (next < responses.size()) {
                        readRequest(in);
                        String resp = responses.get(next++);
                        out.write(resp.getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        if (resp.contains("Connection: close") || resp.startsWith("HTTP/1.0")) {
                            break;
                        }
                    }
                }
            }
        } catch (IOException ignored) {
            // test ends
        }
    }

    private static void readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("eof");
            }
            head.append((char) b);
        }
        String h = head.toString().toLowerCase();
        int i = h.indexOf("content-length: ");
        int n = Integer.parseInt(h.substring(i + 16, h.indexOf("\r\n", i)).trim());
        in.readNBytes(n);
    }

    @Test
    void parsesHeapInfoOfEachCollector() {
        double[] g1 = ServerProcess.parseHeapInfo(
                " garbage-first heap   total 262144K, used 20480K [0x0000000700000000, 0x0000000800000000)");
        assertEquals(20.0, g1[0], 0.01);
        assertEquals(256.0, g1[1], 0.01);
        double[] g1on25 = ServerProcess.parseHeapInfo("17256:\ngarbage-first heap   total reserved 6172672K,"
                + " committed 393216K, used 14887K [0x0000000687400000, 0x0000000800000000)\n"
                + " region size 4096K, 4 young (16384K), 1 survivors (4096K)\n"
                + " Metaspace       used 6519K, committed 6656K, reserved 1114112K");
        assertEquals(14887 / 1024.0, g1on25[0], 0.01);
        assertEquals(384.0, g1on25[1], 0.01);
        double[] serial = ServerProcess.parseHeapInfo(" def new generation   total 9216K, used 3072K [0x0]\n"
                + "  eden space 8192K,  37% used [0x0]\n tenured generation   total 20480K, used 1024K [0x0]\n"
                + " Metaspace       used 6519K, committed 6656K, reserved 1114112K");
        assertEquals(4.0, serial[0], 0.01);
        assertEquals(29.0, serial[1], 0.01);
        double[] z = ServerProcess.parseHeapInfo(" ZHeap           used 64M, capacity 1024M, max capacity 24576M");
        assertEquals(64.0, z[0], 0.01);
        assertEquals(1024.0, z[1], 0.01);
    }

    @Test
    void completedCheckToleratesJsonWhitespace() {
        byte[] a = "{\"status\":\"completed\"}".getBytes(StandardCharsets.US_ASCII);
        byte[] b = "{\"x\":{\"status\":1}, \"status\" :\n \"completed\"}".getBytes(StandardCharsets.US_ASCII);
        byte[] c = "{\"status\":\"queued\",\"note\":\"completed\"}".getBytes(StandardCharsets.US_ASCII);
        assertTrue(Connection.saysCompleted(a, a.length));
        assertTrue(Connection.saysCompleted(b, b.length));
        assertFalse(Connection.saysCompleted(c, c.length));
    }

    /** A runnable jar of StubServer built from the test classes (the packaged test-jar comes later). */
    private static Path stubJar(Path dir) throws Exception {
        Path classes = Paths.get(StubServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, StubServer.class.getName());
        Path jar = dir.resolve("stub.jar");
        Path pkg = classes.resolve("io/promptengine/bench");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), mf);
             var files = Files.list(pkg)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("StubServer")).toList()) {
                out.putNextEntry(new JarEntry("io/promptengine/bench/" + f.getFileName()));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        }
        return jar;
    }
}
