package io.promptengine.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * HTTP/1.1 over one blocking keep-alive socket. The request bytes are built once; a response is parsed
 * in place in a reused buffer (status line, Content-Length or chunked body, Connection: close), so a
 * request costs one write and usually one read and allocates nothing.
 */
final class SocketConnection implements Connection {

    private static final int MAX_LINE = 64 * 1024;
    private static final int MAX_KEPT_BODY = 1 << 20;
    private static final byte[] CONTENT_LENGTH = ascii("content-length:");
    private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding:");
    private static final byte[] CONNECTION = ascii("connection:");

    private final InetSocketAddress address;
    private final byte[] request;
    private final int timeoutMs;
    private final boolean checkBody;

    private volatile Socket socket;
    private InputStream in;
    private OutputStream out;

    private final byte[] buf = new byte[16 * 1024];
    private int pos;
    private int lim;
    private byte[] body = new byte[4 * 1024];
    private int bodyLen;
    /** Start and end of the last line read by {@link #readLine()}, without CRLF, in {@link #buf}. */
    private int lineStart;
    private int lineEnd;

    SocketConnection(InetSocketAddress address, byte[] request, int timeoutMs, boolean checkBody) {
        this.address = address;
        this.request = request;
        this.timeoutMs = timeoutMs;
        this.checkBody = checkBody;
    }

    /** The request as bytes: POST with a fixed body, keep-alive. */
    static byte[] buildRequest(String host, int port, Options o, String key) {
        byte[] bodyBytes = o.body.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(256)
                .append("POST ").append(o.path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n")
                .append(o.authHeaderLine(key)).append("\r\n")
                .append("Content-Type: application/json\r\n")
                .append("Accept: application/json\r\n");
        List<String> extra = o.headers;
        for (String h : extra) {
            sb.append(h).append("\r\n");
        }
        sb.append("Content-Length: ").append(bodyBytes.length).append("\r\n\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + bodyBytes.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(bodyBytes, 0, all, head.length, bodyBytes.length);
        return all;
    }

    @Override
    public int exchange() throws IOException {
        if (socket == null) {
            connect();
        }
        try {
            out.write(request);
            return readResponse();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setSoTimeout(timeoutMs);
            s.connect(address, timeoutMs);
            in = s.getInputStream();
            out = s.getOutputStream();
            socket = s;
            pos = 0;
            lim = 0;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    private int readResponse() throws IOException {
        int status;
        boolean http10;
        long contentLength;
        boolean chunked;
        boolean close;
        do {
            readLine();
            // "HTTP/1.1 200 OK"
            if (lineEnd - lineStart < 12 || buf[lineStart] != 'H' || buf[lineStart + 8] != ' ') {
                throw new IOException("bad status line: " + lineString());
            }
            http10 = buf[lineStart + 7] == '0';
            status = digit(lineStart + 9) * 100 + digit(lineStart + 10) * 10 + digit(lineStart + 11);
            contentLength = -1;
            chunked = false;
            close = http10;
            while (true) {
                readLine();
                if (lineEnd == lineStart) {
                    break;
                }
                if (startsWithIgnoreCase(CONTENT_LENGTH)) {
                    contentLength = Long.parseLong(valueOf(CONTENT_LENGTH));
                } else if (startsWithIgnoreCase(TRANSFER_ENCODING)) {
                    chunked = valueOf(TRANSFER_ENCODING).toLowerCase().contains("chunked");
                } else if (startsWithIgnoreCase(CONNECTION)) {
                    String v = valueOf(CONNECTION).toLowerCase();
                    if (v.contains("close")) {
                        close = true;
                    } else if (v.contains("keep-alive")) {
                        close = false;
                    }
                }
            }
        } while (status >= 100 && status < 200); // skip interim responses

        bodyLen = 0;
        if (status == 204 || status == 304) {
            // no body
        } else if (chunked) {
            readChunked();
        } else if (contentLength >= 0) {
            readFixed(contentLength);
        } else {
            readToEof();
            close = true;
        }
        if (close) {
            close();
        }
        if (status == 200 && checkBody && !Connection.saysCompleted(body, bodyLen)) {
            return BAD_BODY;
        }
        return status;
    }

    private void readFixed(long n) throws IOException {
        while (n > 0) {
            if (pos == lim) {
                fill();
            }
            int take = (int) Math.min(n, lim - pos);
            keep(pos, take);
            pos += take;
            n -= take;
        }
    }

    private void readChunked() throws IOException {
        while (true) {
            readLine();
            int end = lineEnd;
            for (int i = lineStart; i < lineEnd; i++) {
                if (buf[i] == ';' || buf[i] == ' ') {
                    end = i;
                    break;
                }
            }
            long size = Long.parseLong(new String(buf, lineStart, end - lineStart, StandardCharsets.US_ASCII), 16);
            if (size == 0) {
                do { // trailers, up to the empty line
                    readLine();
                } while (lineEnd != lineStart);
                return;
            }
            readFixed(size);
            readLine(); // CRLF after the chunk data
        }
    }

    private void readToEof() throws IOException {
        while (true) {
            if (pos == lim) {
                pos = 0;
                lim = 0;
                int r = in.read(buf, 0, buf.length);
                if (r < 0) {
                    return;
                }
                lim = r;
            }
            keep(pos, lim - pos);
            pos = lim;
        }
    }

    /** Copies body bytes aside for the completed check (up to a cap). */
    private void keep(int from, int n) {
        if (!checkBody || n == 0) {
            return;
        }
        if (bodyLen + n > body.length) {
            if (body.length >= MAX_KEPT_BODY) {
                return;
            }
            byte[] bigger = new byte[Math.min(MAX_KEPT_BODY, Math.max(body.length * 2, bodyLen + n))];
            System.arraycopy(body, 0, bigger, 0, bodyLen);
            body = bigger;
            n = Math.min(n, body.length - bodyLen);
        }
        System.arraycopy(buf, from, body, bodyLen, n);
        bodyLen += n;
    }

    /** Reads up to CRLF; sets lineStart/lineEnd; consumes the CRLF. */
    private void readLine() throws IOException {
        int scanFrom = pos;
        while (true) {
            for (int i = scanFrom; i < lim - 1; i++) {
                if (buf[i] == '\r' && buf[i + 1] == '\n') {
                    lineStart = pos;
                    lineEnd = i;
                    pos = i + 2;
                    return;
                }
            }
            if (lim - pos >= MAX_LINE) {
                throw new IOException("header line too long");
            }
            scanFrom = Math.max(pos, lim - 1) - pos; // offset relative to pos, before compaction
            compact();
            scanFrom += pos;
            fill();
        }
    }

    private void compact() {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
    }

    /** Reads more bytes after {@code lim}; the buffer must have room (compact first if needed). */
    private void fill() throws IOException {
        if (pos == lim) {
            pos = 0;
            lim = 0;
        } else if (lim == buf.length) {
            compact();
        }
        if (lim == buf.length) {
            throw new IOException("response line longer than the buffer");
        }
        int r = in.read(buf, lim, buf.length - lim);
        if (r < 0) {
            throw new EOFException("connection closed by server");
        }
        lim += r;
    }

    private int digit(int i) throws IOException {
        int d = buf[i] - '0';
        if (d < 0 || d > 9) {
            throw new IOException("bad status line: " + lineString());
        }
        return d;
    }

    private boolean startsWithIgnoreCase(byte[] lowerName) {
        if (lineEnd - lineStart < lowerName.length) {
            return false;
        }
        for (int k = 0; k < lowerName.length; k++) {
            int c = buf[lineStart + k];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != lowerName[k]) {
                return false;
            }
        }
        return true;
    }

    private String valueOf(byte[] name) {
        return new String(buf, lineStart + name.length, lineEnd - lineStart - name.length, StandardCharsets.US_ASCII)
                .trim();
    }

    private String lineString() {
        return new String(buf, lineStart, Math.min(lineEnd - lineStart, 200), StandardCharsets.ISO_8859_1);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        Socket s = socket;
        socket = null;
        in = null;
        out = null;
        pos = 0;
        lim = 0;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** Closes the socket from another thread to unblock a stuck read (used at a hard stop). */
    void abort() {
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
