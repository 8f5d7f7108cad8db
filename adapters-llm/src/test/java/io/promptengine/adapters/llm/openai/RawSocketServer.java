package io.promptengine.adapters.llm.openai;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A TCP server on 127.0.0.1 that misbehaves below HTTP: it reads a request's headers, then either resets the
 * connection or sends a response whose body stops short of its Content-Length.
 */
final class RawSocketServer implements AutoCloseable {

    enum Misbehaviour { RESET, TRUNCATE }

    private final ServerSocket socket;

    RawSocketServer(Misbehaviour misbehaviour) throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> serve(misbehaviour), "raw-socket-stub");
        thread.setDaemon(true);
        thread.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    private void serve(Misbehaviour misbehaviour) {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                readHeaders(client.getInputStream());
                if (misbehaviour == Misbehaviour.RESET) {
                    client.setSoLinger(true, 0);
                } else {
                    OutputStream out = client.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n"
                            + "{\"id\":\"chatcmpl-abc123\",\"choices\":[{\"index\":0,\"mess")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException e) {
                // closed by the test, or the client went away
            }
        }
    }

    private static void readHeaders(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        int b;
        while (matched < 4 && (b = in.read()) >= 0) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
