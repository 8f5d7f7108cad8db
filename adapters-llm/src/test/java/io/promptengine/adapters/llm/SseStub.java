package io.promptengine.adapters.llm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP server on 127.0.0.1 and a random port that speaks just enough HTTP/1.1 to answer a provider's streamed call
 * with an event stream written in the pieces a test chooses (byte by byte, split inside a character...), and then
 * either closes the connection or stalls; it notes when the client closed its side, so a test can see that the
 * adapter gave the exchange up. It stops by itself: a stall lasts at most 30 s.
 */
public final class SseStub implements AutoCloseable {

    /** What the stub does once it wrote its pieces. */
    public enum Then { CLOSE, STALL }

    private final ServerSocket socket;
    private final AtomicReference<String> requestBody = new AtomicReference<>();
    private final AtomicReference<String> requestHead = new AtomicReference<>();
    private final CountDownLatch clientClosed = new CountDownLatch(1);
    private volatile int status = 200;
    private volatile String extraHeaders = "";
    private volatile List<byte[]> pieces = List.of();
    private volatile Then then = Then.CLOSE;
    /** Stall right after the headers, before any piece. */
    private volatile boolean stallAfterHeaders;

    public SseStub() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(this::serve, "sse-stub");
        thread.setDaemon(true);
        thread.start();
    }

    /** Answers 200 with {@code stream} in pieces of {@code pieceBytes} bytes (1: byte by byte), then does {@code then}. */
    public SseStub streaming(String stream, int pieceBytes, Then then) {
        byte[] all = stream.getBytes(StandardCharsets.UTF_8);
        List<byte[]> split = new ArrayList<>();
        for (int i = 0; i < all.length; i += pieceBytes) {
            byte[] piece = new byte[Math.min(pieceBytes, all.length - i)];
            System.arraycopy(all, i, piece, 0, piece.length);
            split.add(piece);
        }
        this.status = 200;
        this.pieces = split;
        this.then = then;
        return this;
    }

    /** Answers 200 headers and nothing more. */
    public SseStub stallingAfterHeaders() {
        this.status = 200;
        this.stallAfterHeaders = true;
        this.then = Then.STALL;
        return this;
    }

    /** Answers {@code status} with a JSON {@code body} and these extra header lines ({@code Name: value\r\n}). */
    public SseStub answering(int status, String headers, String body) {
        this.status = status;
        this.extraHeaders = headers;
        this.pieces = List.of(body.getBytes(StandardCharsets.UTF_8));
        this.then = Then.CLOSE;
        return this;
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    public String requestBody() {
        return requestBody.get();
    }

    public String requestHead() {
        return requestHead.get();
    }

    /** Whether the client closed the connection within {@code millis}. */
    public boolean clientClosedWithin(long millis) throws InterruptedException {
        return clientClosed.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                client.setSoTimeout(30_000);
                handle(client);
            } catch (IOException e) {
                // closed by the test, or the client went away
            }
        }
    }

    private void handle(Socket client) throws IOException {
        InputStream in = client.getInputStream();
        String head = readHead(in);
        requestHead.set(head);
        int length = contentLength(head);
        requestBody.set(new String(in.readNBytes(length), StandardCharsets.UTF_8));
        OutputStream out = client.getOutputStream();
        boolean stream = status >= 200 && status <= 299;
        String headers = "HTTP/1.1 " + status + " X\r\n"
                + (stream ? "Content-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n"
                        : "Content-Type: application/json\r\nContent-Length: " + pieces.stream()
                                .mapToInt(p -> p.length).sum() + "\r\n")
                + extraHeaders + "\r\n";
        out.write(headers.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        try {
            if (!stallAfterHeaders) {
                for (byte[] piece : pieces) {
                    out.write(piece);
                    out.flush();
                }
            }
            if (then == Then.STALL) {
                // hold the connection open until the client closes it (read gives -1) or 30 s pass
                while (in.read() >= 0) {
                    // nothing more comes from a client that sent its request
                }
                clientClosed.countDown();
            }
        } catch (SocketTimeoutException e) {
            // the client never hung up; stop by ourselves
        } catch (IOException e) {
            clientClosed.countDown();
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        int b;
        while (matched < 4 && (b = in.read()) >= 0) {
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring("content-length:".length()).strip());
            }
        }
        return 0;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
