package io.promptengine.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in OpenTelemetry collector for the observability rows: OTLP over HTTP on 127.0.0.1, every {@code POST}
 * (an export of spans, {@code /v1/traces}) read to its end and answered {@code 200} with an empty
 * {@code ExportTraceServiceResponse} (no bytes: every field of that protobuf message is optional). It counts the
 * exports and their bytes, so a run shows that the server really sent its spans; it decodes nothing.
 */
final class OtlpSink implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService thread;
    private final AtomicLong exports = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    private OtlpSink(HttpServer server, ExecutorService thread) {
        this.server = server;
        this.thread = thread;
    }

    static OtlpSink start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "otlp-sink");
            t.setDaemon(true);
            return t;
        });
        OtlpSink sink = new OtlpSink(server, thread);
        server.createContext("/", exchange -> {
            long read = 0;
            try (InputStream body = exchange.getRequestBody()) {
                byte[] buffer = new byte[16 * 1024];
                for (int n; (n = body.read(buffer)) > 0; ) {
                    read += n;
                }
            }
            if (exchange.getRequestMethod().equals("POST")) {
                sink.exports.incrementAndGet();
                sink.bytes.addAndGet(read);
                exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
            } else {
                exchange.sendResponseHeaders(405, -1);
            }
            exchange.close();
        });
        server.setExecutor(thread);
        server.start();
        return sink;
    }

    /** What {@code OTEL_EXPORTER_OTLP_ENDPOINT} names: the base URL, to which the exporter adds {@code /v1/traces}. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    long exports() {
        return exports.get();
    }

    long bytes() {
        return bytes.get();
    }

    @Override
    public void close() {
        server.stop(0);
        thread.shutdownNow();
    }
}
