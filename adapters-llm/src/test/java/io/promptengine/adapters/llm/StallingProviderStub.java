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
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider on 127.0.0.1 that speaks raw HTTP/1.1 over sockets, so it can stall where a real server would not. Its
 * first connection answers a status line and headers and then stalls ({@link Stall#AFTER_HEADERS}), or sends half
 * of a documented JSON body and then stalls ({@link Stall#MID_BODY}); every later connection answers the whole
 * body, as OpenAI's Chat Completions or Anthropic's Messages, by the request's path.
 *
 * <p>A stall is a read of the stalled connection for {@link #STALL}: the read ends early with end-of-stream (or a
 * reset) only if the client closes its side, which {@link #stalledConnectionClosed()} reports; data arriving
 * instead would mean the client sent a new request on a connection whose answer it never finished.
 */
final class StallingProviderStub implements AutoCloseable {

    static final Duration STALL = Duration.ofSeconds(10);
    static final String CHAT_TEXT = "Hello from the chat stub.";
    static final String MESSAGES_TEXT = "Hello from the messages stub.";

    private static final String CHAT = """
            {"id":"chatcmpl-stall","object":"chat.completion","created":1741569952,"model":"gpt-4o",
             "choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17}}""".formatted(CHAT_TEXT);
    private static final String MESSAGES = """
            {"id":"msg_stall","type":"message","role":"assistant","model":"claude-sonnet-4-5",
             "content":[{"type":"text","text":"%s"}],"stop_reason":"end_turn","stop_sequence":null,
             "usage":{"input_tokens":20,"output_tokens":10}}""".formatted(MESSAGES_TEXT);

    enum Stall { AFTER_HEADERS, MID_BODY }

    /** How the stall of the first connection ended. */
    enum StallEnd { CLIENT_CLOSED, CLIENT_SENT_MORE, STALL_RAN_OUT }

    private final ServerSocket server;
    private final Stall stall;
    private final AtomicInteger connections = new AtomicInteger();
    private final CompletableFuture<StallEnd> stallEnd = new CompletableFuture<>();

    StallingProviderStub(Stall stall) throws IOException {
        this.stall = stall;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "stalling-stub-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** How many connections the client opened. */
    int connections() {
        return connections.get();
    }

    /** Completes when the stall of the first connection ends, with how it ended. */
    CompletableFuture<StallEnd> stalledConnectionClosed() {
        return stallEnd;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                boolean first = connections.incrementAndGet() == 1;
                Thread connection = new Thread(() -> serve(socket, first), "stalling-stub-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                // closed by the test
            }
        }
    }

    private void serve(Socket socket, boolean first) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            for (String path = readRequest(in); path != null; path = readRequest(in)) {
                byte[] body = (path.endsWith("/v1/messages") ? MESSAGES : CHAT).getBytes(StandardCharsets.UTF_8);
                String head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\n\r\n";
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                if (first) {
                    if (stall == Stall.MID_BODY) {
                        out.write(body, 0, body.length / 2);
                    }
                    out.flush();
                    stallEnd.complete(stallUntilClosed(socket));
                    return;
                }
                out.write(body);
                out.flush();
            }
        } catch (IOException e) {
            stallEnd.complete(StallEnd.CLIENT_CLOSED);
        }
    }

    private static StallEnd stallUntilClosed(Socket socket) {
        try {
            socket.setSoTimeout((int) STALL.toMillis());
            return socket.getInputStream().read() < 0 ? StallEnd.CLIENT_CLOSED : StallEnd.CLIENT_SENT_MORE;
        } catch (SocketTimeoutException e) {
            return StallEnd.STALL_RAN_OUT;
        } catch (IOException e) {
            return StallEnd.CLIENT_CLOSED; // reset
        }
    }

    /** Reads one request, headers and body; its path, or null at the end of the connection. */
    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        int b;
        while (matched < 4 && (b = in.read()) >= 0) {
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        if (matched < 4) {
            return null;
        }
        String[] lines = head.toString(StandardCharsets.US_ASCII).split("\r\n");
        long length = 0;
        for (String line : lines) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(line.substring("content-length:".length()).trim());
            }
        }
        in.skipNBytes(length);
        return lines[0].split(" ")[1];
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
