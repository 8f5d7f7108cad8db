package io.promptengine.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * An error answered before the route reads the body (401 here; 429 alike) must not cost the client its
 * kept-alive connection: a client that reuses it for the next request would otherwise see it die unanswered.
 */
class ConnectionReuseTest extends SharedServerTest {

    @Test
    void givenErrorBeforeBodyIsRead_theConnection_servesTheNextRequest() throws Exception {
        String body = "{\"model\":\"echo\",\"input\":\"hi\"}";
        try (Socket socket = new Socket("127.0.0.1", server.port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/prompt/execute HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer wrong\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread.sleep(200); // the body arrives after the server could have answered
            out.write((body + "GET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            try {
                socket.getInputStream().transferTo(received);
            } catch (IOException reset) {
                // a reset connection shows as fewer answers below
            }
            Matcher statusLines = Pattern.compile("HTTP/1\\.1 (\\d{3})").matcher(received.toString(StandardCharsets.UTF_8));
            StringBuilder statuses = new StringBuilder();
            while (statusLines.find()) {
                statuses.append(statusLines.group(1)).append(' ');
            }
            assertThat(statuses.toString().strip()).isEqualTo("401 200");
        }
    }
}
