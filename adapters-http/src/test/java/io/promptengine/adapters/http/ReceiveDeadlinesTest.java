package io.promptengine.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The head and body deadlines on a real server, set to 500 ms: what trickles past them is closed, what merely
 * waits between requests (the idle timeout's business) or arrives in time is not.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReceiveDeadlinesTest {

    private static final Duration DEADLINE = Duration.ofMillis(500);
    private static final String EXECUTE_HEAD = "POST /v1/prompt/execute HTTP/1.1\r\nHost: localhost\r\n"
            + "Authorization: Bearer " + FakeAuthentication.KEY + "\r\nContent-Type: application/json\r\n";
    private static final String BODY = "{\"model\":\"echo\",\"input\":\"hi\"}";

    private static TestServer server;

    @BeforeAll
    static void startServer() {
        server = new TestServer(new HttpSettings("127.0.0.1", 0, TestServer.LIMIT, false, Duration.ofSeconds(5))
                .withConnections(new ConnectionLimits(DEADLINE, DEADLINE, Duration.ofSeconds(30), 100)));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void givenHeadTrickledPastItsDeadline_theConnection_isClosed() throws Exception {
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            OutputStream out = socket.getOutputStream();
            out.write("GET /health/live HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.ISO_8859_1));

            boolean closed = trickleUntilClosed(socket, out, (byte) 'X');

            assertThat(closed).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(DEADLINE);
        }
    }

    @Test
    void givenBodyTrickledPastItsDeadline_theConnection_isClosed() throws Exception {
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            OutputStream out = socket.getOutputStream();
            out.write((EXECUTE_HEAD + "Content-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.ISO_8859_1));

            boolean closed = trickleUntilClosed(socket, out, (byte) ' ');

            assertThat(closed).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(DEADLINE);
        }
    }

    @Test
    void givenKeptAliveConnectionIdleLongerThanTheHeadDeadline_theNextRequest_isServed() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write((EXECUTE_HEAD + "Content-Length: " + BODY.length() + "\r\n\r\n" + BODY)
                    .getBytes(StandardCharsets.ISO_8859_1));
            assertThat(statusLine(in)).isEqualTo("HTTP/1.1 200");

            Thread.sleep(3 * DEADLINE.toMillis());
            out.write("GET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            socket.setSoTimeout(5_000);

            assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).contains("HTTP/1.1 200");
        }
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port);
        socket.setSoTimeout(100);
        return socket;
    }

    /** Sends {@code trickled} every 100 ms for at most 10 s; whether the server closed the connection meanwhile. */
    private static boolean trickleUntilClosed(Socket socket, OutputStream out, byte trickled) throws Exception {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < giveUp) {
            try {
                if (socket.getInputStream().read() < 0) {
                    return true;
                }
            } catch (SocketTimeoutException stillOpen) {
                // nothing from the server yet
            } catch (IOException reset) {
                return true;
            }
            try {
                out.write(trickled);
            } catch (IOException reset) {
                return true;
            }
        }
        return false;
    }

    /** The first twelve bytes of a response, leaving the rest of it unread. */
    private static String statusLine(InputStream in) throws IOException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        StringBuilder line = new StringBuilder();
        while (line.length() < 12 && System.nanoTime() < giveUp) {
            try {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                line.append((char) b);
            } catch (SocketTimeoutException notYet) {
                // keep waiting
            }
        }
        return line.toString();
    }
}
