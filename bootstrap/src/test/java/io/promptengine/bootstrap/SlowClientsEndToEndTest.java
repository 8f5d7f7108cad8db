package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Slow clients beside normal traffic, on the real server: hundreds of connections that send their head, or a
 * declared 100 KB body, a byte a second hold nothing that legitimate requests need, and are closed at their
 * deadlines; a body sent without a key is answered 401 at once; past the connection cap new connections wait
 * until others go. Head and body deadlines are set to 5 s here so that the test stays short; run on H2 only, the
 * database plays no part in it.
 */
class SlowClientsEndToEndTest {

    private static final int DEADLINE_MILLIS = 5_000;
    private static final Map<String, String> SHORT_DEADLINES = Map.of("PE_HTTP_HEAD_TIMEOUT", DEADLINE_MILLIS + "ms",
            "PE_HTTP_BODY_TIMEOUT", DEADLINE_MILLIS + "ms", "PE_DEMO_PLAN", "enterprise");
    /**
     * How late a deadline may be kept: its check runs a few times a second, and a head waits for a thread before
     * its body's deadline starts, on a machine busy with this test. Far below the day a 100 KB body would take.
     */
    private static final int SLACK_MILLIS = 5_000;
    /** A legitimate request answers within this while slow clients are held: its normal latency is milliseconds. */
    private static final long LEGITIMATE_BOUND_MILLIS = 2_000;
    private static final String EXECUTE = "{\"model\":\"echo\",\"input\":\"hi\"}";

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void givenHundredsOfSlowClients_legitimateRequests_keepTheirNormalLatency() throws IOException {
        try (RunningApp app = RunningApp.start(SHORT_DEADLINES); SlowClients slow = new SlowClients(app.api().port())) {
            // the first requests of a fresh server pay for its warm-up, which is not what this test measures
            legitimateRequest(app, 0);
            legitimateRequest(app, 1);
            List<SlowClients.Client> heads = slow.open(300, "POST /v1/prompt/execute HTTP/1.1\r\nHost: localhost\r\n"
                    + "X-Slow: ", 'a');
            List<SlowClients.Client> keyless = slow.open(300, bodyHead(null), ' ');
            List<SlowClients.Client> keyed = slow.open(100, bodyHead(RunningApp.DEMO_KEY), ' ');

            // every slow body without a key is refused at once, its 100 KB never waited for
            Eventually.await("every slow body without a key to be answered", () -> keyless.stream().allMatch(closed()));
            assertThat(keyless).allSatisfy(client -> assertThat(client.received()).startsWith("HTTP/1.1 401")
                    .containsIgnoringCase("Connection: close"));

            // while the slow heads and the slow bodies with a key are held, until their deadlines close them
            List<Long> latencies = new ArrayList<>();
            long giveUp = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MILLIS + 2 * SLACK_MILLIS);
            for (int i = 0; !(heads.stream().allMatch(closed()) && keyed.stream().allMatch(closed()))
                    && System.nanoTime() < giveUp; i++) {
                long start = System.nanoTime();
                legitimateRequest(app, i);
                latencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                sleep(100);
            }

            assertThat(latencies).hasSizeGreaterThan(10).allSatisfy(millis ->
                    assertThat(millis).isLessThan(LEGITIMATE_BOUND_MILLIS));
            // never before the deadline: a head or body still arriving steadily has its full time
            assertThat(heads).allSatisfy(client -> assertThat(client.closedAfterMillis())
                    .isBetween((long) DEADLINE_MILLIS, (long) DEADLINE_MILLIS + SLACK_MILLIS));
            assertThat(keyed).allSatisfy(client -> assertThat(client.closedAfterMillis())
                    .isBetween((long) DEADLINE_MILLIS, (long) DEADLINE_MILLIS + SLACK_MILLIS));
            assertThat(heads).allSatisfy(client -> assertThat(client.received()).isEmpty());
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void givenSlowBodyWithoutKey_theServer_answers401AtOnceAndCloses() {
        try (RunningApp app = RunningApp.start(); SlowClients slow = new SlowClients(app.api().port())) {
            SlowClients.Client client = slow.open(1, bodyHead("pe_live_not_a_key"), ' ').get(0);

            Eventually.await("the connection to be closed", () -> client.closedAfterMillis() >= 0);

            assertThat(client.received()).startsWith("HTTP/1.1 401").containsIgnoringCase("Connection: close")
                    .contains("\"code\":\"unauthorized\"");
            // 100 KB at a byte a second would take a day; the answer does not wait for any of it
            assertThat(client.closedAfterMillis()).isLessThan(LEGITIMATE_BOUND_MILLIS);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void givenConnectionsAtTheCap_aNewConnection_waitsUntilOthersGo() throws IOException {
        int cap = 20;
        try (RunningApp app = RunningApp.start(Map.of("PE_HTTP_MAX_CONNECTIONS", Integer.toString(cap)))) {
            int port = app.api().port();
            assertThat(app.api().get("/health/live").status()).isEqualTo(200);
            List<Socket> held = new ArrayList<>();
            Socket waiting = null;
            try {
                while (waiting == null && held.size() <= cap) {
                    Socket socket = new Socket("127.0.0.1", port);
                    if (answers(socket)) {
                        held.add(socket);
                    } else {
                        waiting = socket;
                    }
                }

                assertThat(waiting).as("a connection past the cap").isNotNull();
                // the test's own client keeps one connection of the cap open for its next request
                assertThat(held.size()).isBetween(cap - 1, cap);
                for (Socket socket : held) {
                    socket.close();
                }
                waiting.setSoTimeout(5_000);
                assertThat(statusLine(waiting)).isEqualTo("HTTP/1.1 200");
                assertThat(app.api().get("/health/live").status()).isEqualTo(200);
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
                if (waiting != null) {
                    waiting.close();
                }
            }
        }
    }

    /** An execution through the pooled client, or a read on a new connection each time: the acceptor must keep up too. */
    private static void legitimateRequest(RunningApp app, int i) throws IOException {
        if (i % 2 == 0) {
            assertThat(app.api().post("/v1/prompt/execute", EXECUTE).status()).isEqualTo(200);
        } else {
            assertThat(rawGet(app.api().port(), "/v1/executions?limit=1")).startsWith("HTTP/1.1 200");
        }
    }

    /**
     * Sends {@code GET /health/live} and waits a moment for the start of its answer: an accepted connection answers
     * in milliseconds, one that waits for the server to accept it does not answer at all.
     */
    private static boolean answers(Socket socket) throws IOException {
        socket.setSoTimeout(1_500);
        // kept alive: a held connection must stay open
        socket.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        try {
            return statusLine(socket).equals("HTTP/1.1 200");
        } catch (SocketTimeoutException notAccepted) {
            return false;
        }
    }

    private static String statusLine(Socket socket) throws IOException {
        return new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
    }

    private static java.util.function.Predicate<SlowClients.Client> closed() {
        return client -> client.closedAfterMillis() >= 0;
    }

    /** A complete head that declares a 100 KB JSON body, of which only the first byte follows at once. */
    private static String bodyHead(String key) {
        return "POST /v1/prompt/execute HTTP/1.1\r\nHost: localhost\r\n"
                + (key == null ? "" : "Authorization: Bearer " + key + "\r\n")
                + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{";
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + RunningApp.DEMO_KEY
                + "\r\nConnection: close\r\n\r\n";
    }

    private static String rawGet(int port, String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) LEGITIMATE_BOUND_MILLIS);
            socket.getOutputStream().write(get(path).getBytes(StandardCharsets.ISO_8859_1));
            return readAll(socket.getInputStream());
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        in.transferTo(received);
        return received.toString(StandardCharsets.ISO_8859_1);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
