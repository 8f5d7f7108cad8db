package io.promptengine.adapters.webhooks.jetty;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A webhook receiver on 127.0.0.1, over http or https (a self-signed certificate for {@code localhost} and
 * 127.0.0.1), that records every request and answers by path:
 * {@code /ok} 200 "received"; {@code /redirect} 302 to {@code /ok}; {@code /slow} 200 after 1.5 s;
 * {@code /big} 200 with 1 MiB; {@code /medium} 200 with 10 KiB; {@code /huge-headers} 200 with 32 KiB of headers;
 * {@code /busy} 503 with {@code Retry-After: 120}; {@code /gone} 410; {@code /nul} 500 with a NUL in its body.
 */
final class Receiver implements AutoCloseable {

    static final String KEY_STORE_PASSWORD = "receiver";

    /** A request as it arrived: headers by lower-case name. */
    record Received(String method, String path, Map<String, String> headers, byte[] body) {
    }

    private final Server server;
    private final ServerConnector connector;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private Receiver(boolean tls) throws Exception {
        server = new Server();
        HttpConfiguration configuration = new HttpConfiguration();
        // room for /huge-headers, which the sender must refuse to read
        configuration.setResponseHeaderSize(64 * 1_024);
        HttpConnectionFactory http = new HttpConnectionFactory(configuration);
        connector = tls ? new ServerConnector(server, new SslConnectionFactory(serverTls(), "http/1.1"), http)
                : new ServerConnector(server, http);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                return answer(request, response, callback);
            }
        });
        server.start();
    }

    static Receiver http() throws Exception {
        return new Receiver(false);
    }

    static Receiver https() throws Exception {
        return new Receiver(true);
    }

    /** The certificate of {@link #https()} receivers, for a client to trust. */
    static KeyStore trustStore() throws Exception {
        return keyStore("trust.p12");
    }

    int port() {
        return connector.getLocalPort();
    }

    List<Received> requests() {
        return List.copyOf(received);
    }

    void clear() {
        received.clear();
    }

    private boolean answer(Request request, Response response, Callback callback) throws Exception {
        byte[] body;
        try (InputStream in = Content.Source.asInputStream(request)) {
            body = in.readAllBytes();
        }
        Map<String, String> headers = new TreeMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.put(field.getName().toLowerCase(Locale.ROOT), field.getValue());
        }
        String path = Request.getPathInContext(request);
        received.add(new Received(request.getMethod(), path, headers, body));
        switch (path) {
            case "/redirect" -> {
                response.setStatus(302);
                response.getHeaders().put("Location", "/ok");
                text(response, callback, "moved");
            }
            case "/slow" -> {
                Thread.sleep(1_500);
                text(response, callback, "late");
            }
            case "/big" -> bytes(response, callback, 1_024 * 1_024);
            case "/medium" -> bytes(response, callback, 10 * 1_024);
            case "/huge-headers" -> {
                for (int i = 0; i < 32; i++) {
                    response.getHeaders().put("X-Filler-" + i, "f".repeat(1_000));
                }
                text(response, callback, "headers");
            }
            case "/busy" -> {
                response.setStatus(503);
                response.getHeaders().put("Retry-After", "120");
                text(response, callback, "busy");
            }
            case "/gone" -> {
                response.setStatus(410);
                text(response, callback, "gone");
            }
            case "/nul" -> {
                response.setStatus(500);
                text(response, callback, "a\u0000b");
            }
            default -> text(response, callback, "received");
        }
        return true;
    }

    private static void text(Response response, Callback callback, String body) {
        Content.Sink.write(response, true, body, callback);
    }

    private static void bytes(Response response, Callback callback, int length) {
        byte[] body = new byte[length];
        Arrays.fill(body, (byte) 'x');
        body[0] = 'B';
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static SslContextFactory.Server serverTls() throws Exception {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(keyStore("receiver.p12"));
        tls.setKeyStorePassword(KEY_STORE_PASSWORD);
        return tls;
    }

    private static KeyStore keyStore(String resource) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Receiver.class.getResourceAsStream(resource)) {
            store.load(in, KEY_STORE_PASSWORD.toCharArray());
        }
        return store;
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
