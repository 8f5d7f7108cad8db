package io.promptengine.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in model provider for the upstream scenario: OpenAI's chat-completions wire format on 127.0.0.1, every
 * {@code POST} answered at once with one fixed {@code chat.completion} (content, {@code finish_reason: stop},
 * usage), keep-alive. It is as cheap as a server can be, so that what a run measures is the gateway between the
 * load and it: one thread on one selector, requests parsed in place (headers to the blank line, then
 * {@code Content-Length} bytes), pipelined requests answered in order, no allocation per request. The answer's
 * bytes are built once.
 *
 * <p>The thread's CPU time is measured ({@link #cpuNanos}), so the driver that hosts it can report the stub's share
 * apart from its own.
 */
final class UpstreamStub implements AutoCloseable {

    /** The text of every answer; its usage says 12 prompt tokens and 9 completion tokens. */
    static final String CONTENT = "Entangled particles share one quantum state across any distance.";
    private static final int MAX_REQUEST_BYTES = 1 << 20;
    private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};

    private final ServerSocketChannel listener;
    private final Selector selector;
    private final Thread thread;
    private final byte[] answer;
    private final byte[] badRequest;
    private final AtomicLong requests = new AtomicLong();
    private volatile boolean stopping;
    private volatile long threadId = -1;

    /** One connection's unread request bytes and unwritten answer bytes. */
    private static final class Conn {
        ByteBuffer in = ByteBuffer.allocate(8 * 1024);
        ByteBuffer out = ByteBuffer.allocate(16 * 1024);
    }

    private UpstreamStub(ServerSocketChannel listener, Selector selector) {
        this.listener = listener;
        this.selector = selector;
        String body = "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1764633600,"
                + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"" + CONTENT + "\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":9,\"total_tokens\":21}}";
        this.answer = response("200 OK", body);
        this.badRequest = response("400 Bad Request",
                "{\"error\":{\"message\":\"bad request\",\"type\":\"invalid_request_error\"}}");
        this.thread = new Thread(this::loop, "upstream-stub");
        this.thread.setDaemon(true);
    }

    private static byte[] response(String status, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " + b.length
                + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[h.length + b.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(b, 0, all, h.length, b.length);
        return all;
    }

    /** Starts the stub on a free port of 127.0.0.1. */
    static UpstreamStub start() throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        listener.configureBlocking(false);
        Selector selector = Selector.open();
        listener.register(selector, SelectionKey.OP_ACCEPT);
        UpstreamStub stub = new UpstreamStub(listener, selector);
        stub.thread.start();
        return stub;
    }

    int port() {
        return ((InetSocketAddress) listenerAddress()).getPort();
    }

    private java.net.SocketAddress listenerAddress() {
        try {
            return listener.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The base URL a provider client is given: {@code http://127.0.0.1:PORT/v1}. */
    String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    long requests() {
        return requests.get();
    }

    /** CPU time of the stub's thread so far, or -1 where the JVM does not measure it. */
    long cpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long id = threadId;
        if (id < 0 || !threads.isThreadCpuTimeSupported()) {
            return -1;
        }
        return threads.getThreadCpuTime(id);
    }

    private void loop() {
        threadId = Thread.currentThread().getId();
        try {
            while (!stopping) {
                selector.select(200);
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    try {
                        if (!key.isValid()) {
                            continue;
                        }
                        if (key.isAcceptable()) {
                            accept();
                        } else {
                            if (key.isWritable()) {
                                flush(key);
                            }
                            if (key.isValid() && key.isReadable()) {
                                read(key);
                            }
                        }
                    } catch (IOException | RuntimeException e) {
                        close(key);
                    }
                }
            }
        } catch (IOException e) {
            if (!stopping) {
                System.err.println("upstream stub stopped: " + e);
            }
        }
    }

    private void accept() throws IOException {
        SocketChannel c;
        while ((c = listener.accept()) != null) {
            c.configureBlocking(false);
            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            c.register(selector, SelectionKey.OP_READ, new Conn());
        }
    }

    private void read(SelectionKey key) throws IOException {
        Conn conn = (Conn) key.attachment();
        SocketChannel channel = (SocketChannel) key.channel();
        int n = channel.read(conn.in);
        if (n < 0) {
            close(key);
            return;
        }
        boolean answered = false;
        while (true) {
            int used = oneRequest(conn);
            if (used == 0) {
                break;
            }
            if (used < 0) {
                conn.out.put(badRequest);
                requests.incrementAndGet();
                conn.in.clear();
                answered = true;
                break;
            }
            answered = true;
            ByteBuffer in = conn.in;
            in.flip();
            in.position(used);
            in.compact();
        }
        if (!conn.in.hasRemaining()) {
            if (conn.in.capacity() >= MAX_REQUEST_BYTES) {
                close(key);
                return;
            }
            ByteBuffer bigger = ByteBuffer.allocate(conn.in.capacity() * 2);
            conn.in.flip();
            bigger.put(conn.in);
            conn.in = bigger;
        }
        if (answered) {
            flush(key);
        }
    }

    /**
     * Answers the first whole request in {@code conn.in} (bytes 0 to position).
     *
     * @return the bytes it took, 0 when it is not all here yet, -1 when it cannot be parsed
     */
    private int oneRequest(Conn conn) {
        ByteBuffer in = conn.in;
        byte[] a = in.array();
        int len = in.position();
        int headEnd = indexOf(a, len, HEAD_END);
        if (headEnd < 0) {
            return 0;
        }
        long contentLength = contentLength(a, headEnd);
        if (contentLength < 0 || contentLength > MAX_REQUEST_BYTES) {
            return -1;
        }
        long total = headEnd + 4 + contentLength;
        if (total > len) {
            return 0;
        }
        if (conn.out.remaining() < answer.length) {
            ByteBuffer bigger = ByteBuffer.allocate(conn.out.capacity() * 2 + answer.length);
            conn.out.flip();
            bigger.put(conn.out);
            conn.out = bigger;
        }
        conn.out.put(answer);
        requests.incrementAndGet();
        return (int) total;
    }

    private void flush(SelectionKey key) throws IOException {
        Conn conn = (Conn) key.attachment();
        conn.out.flip();
        ((SocketChannel) key.channel()).write(conn.out);
        boolean left = conn.out.hasRemaining();
        conn.out.compact();
        key.interestOps(left ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    private static void close(SelectionKey key) {
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static int indexOf(byte[] a, int len, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= len; i++) {
            for (int k = 0; k < what.length; k++) {
                if (a[i + k] != what[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The {@code Content-Length} of the head {@code a[0..headEnd)}: 0 when absent, -1 when malformed. */
    private static long contentLength(byte[] a, int headEnd) {
        byte[] name = "content-length:".getBytes(StandardCharsets.US_ASCII);
        int line = 0;
        while (line < headEnd) {
            int end = line;
            while (end < headEnd && a[end] != '\r') {
                end++;
            }
            if (end - line > name.length && startsWithIgnoreCase(a, line, name)) {
                long v = 0;
                int i = line + name.length;
                while (i < end && (a[i] == ' ' || a[i] == '\t')) {
                    i++;
                }
                if (i == end) {
                    return -1;
                }
                for (; i < end; i++) {
                    if (a[i] < '0' || a[i] > '9' || v > MAX_REQUEST_BYTES) {
                        return -1;
                    }
                    v = v * 10 + (a[i] - '0');
                }
                return v;
            }
            line = end + 2;
        }
        return 0;
    }

    private static boolean startsWithIgnoreCase(byte[] a, int at, byte[] lowerName) {
        for (int k = 0; k < lowerName.length; k++) {
            byte b = a[at + k];
            if (b >= 'A' && b <= 'Z') {
                b = (byte) (b + 32);
            }
            if (b != lowerName[k]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        stopping = true;
        selector.wakeup();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            for (SelectionKey k : selector.keys()) {
                k.channel().close();
            }
            selector.close();
            listener.close();
        } catch (IOException ignored) {
            // stopping
        }
    }
}
