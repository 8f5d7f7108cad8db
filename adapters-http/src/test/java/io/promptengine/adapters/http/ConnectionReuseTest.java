package io.promptengine.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * An error answered before the route reads the body (401 here; 413 and 429 alike): a client that sent its body whole,
 * or sends the rest of it within the linger, keeps its kept-alive connection for the next request; one whose body
 * does not come, or is declared far over the limit, is answered without waiting longer and told the connection
 * closes.
 */
class ConnectionReuseTest extends SharedServerTest {

    private static final String BODY = "{\"model\":\"echo\",\"input\":\"hi\"}";
    private static final String HEAD = "POST /v1/prompt/execute HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer wrong"
            + "\r\nContent-Type: application/json\r\nContent-Length: ";

    @Test
    void givenErrorAfterTheWholeBodyArrived_theConnection_servesTheNextRequest() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write((HEAD + BODY.length() + "\r\n\r\n" + BODY
                    + "GET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();

            assertThat(statuses(socket.getInputStream())).isEqualTo("401 200");
        }
    }

    @Test
    void givenErrorWhileTheRestOfTheBodyIsOnItsWay_theAnswer_waitsForItAndKeepsTheConnection() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write((HEAD + BODY.length() + "\r\n\r\n" + BODY.substring(0, 5)).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread.sleep(200);
            out.write((BODY.substring(5) + "GET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();

            assertThat(statuses(socket.getInputStream())).isEqualTo("401 200");
        }
    }

    @Test
    void givenErrorWithABodyDeclaredFarOverTheLimit_theAnswer_comesAtOnceAndClosesTheConnection() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write((HEAD + (TestServer.LIMIT * 4 + 1) + "\r\n\r\n{").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();

            String answer = new String(readUntilClosed(socket.getInputStream()), StandardCharsets.UTF_8);

            assertThat(answer).startsWith("HTTP/1.1 401").containsIgnoringCase("Connection: close");
        }
    }

    @Test
    void givenErrorWhileTheBodyDoesNotCome_theAnswer_comesAfterTheLingerAndClosesTheConnection() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write((HEAD + "100000\r\n\r\n{").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            long start = System.nanoTime();

            String answer = new String(readUntilClosed(socket.getInputStream()), StandardCharsets.UTF_8);

            // the 99,999 bytes still owed are waited for a second at most: the answer and the close come well within the timeout
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
            assertThat(answer).startsWith("HTTP/1.1 401").containsIgnoringCase("Connection: close")
                    .contains("\"code\":\"unauthorized\"");
        }
    }

    private static String statuses(InputStream in) {
        Matcher statusLines = Pattern.compile("HTTP/1\\.1 (\\d{3})")
                .matcher(new String(readUntilClosed(in), StandardCharsets.UTF_8));
        StringBuilder statuses = new StringBuilder();
        while (statusLines.find()) {
            statuses.append(statusLines.group(1)).append(' ');
        }
        return statuses.toString().strip();
    }

    private static byte[] readUntilClosed(InputStream in) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try {
            in.transferTo(received);
        } catch (IOException resetOrTimeout) {
            // what arrived before is what the assertions judge
        }
        return received.toByteArray();
    }
}
