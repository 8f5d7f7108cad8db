package io.promptengine.bootstrap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver on loopback that verifies every request as the Standard Webhooks specification says a
 * receiver must, with its own implementation (not the engine's): the secret is {@code whsec_} and base64, the
 * signed content {@code "<webhook-id>.<webhook-timestamp>.<body>"}, the signature header a space-separated list of
 * {@code v1,<base64 HMAC-SHA256>}, of which one must match (compared in constant time); the timestamp must be
 * within five minutes of now. It answers from a script (200 once the script is used up), can be stopped and
 * started again on the same port, and counts requests by {@code webhook-id}.
 */
final class WebhookReceiver implements AutoCloseable {

    private static final long TOLERANCE_SECONDS = 300;

    /** One request, with whether its signature verified under each of the receiver's secrets. */
    record Received(String webhookId, long timestamp, String signatures, String body, List<Boolean> verifiedBy,
            long receivedAtNanos) {
        boolean verified() {
            return verifiedBy.contains(true);
        }
    }

    /** An answer: a status and, when set, a {@code Retry-After} in seconds. */
    record Answer(int status, String retryAfter) {
    }

    private final List<String> secrets = new CopyOnWriteArrayList<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> byId = new ConcurrentHashMap<>();
    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private int port;
    private HttpServer server;

    WebhookReceiver() {
        start(0);
    }

    /** Verifies with {@code secret} too (beside those given before). */
    WebhookReceiver trust(String secret) {
        secrets.add(secret);
        return this;
    }

    synchronized WebhookReceiver then(int status) {
        script.add(new Answer(status, null));
        return this;
    }

    synchronized WebhookReceiver then(int status, String retryAfter) {
        script.add(new Answer(status, retryAfter));
        return this;
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** How many requests carried each webhook-id. */
    Map<String, AtomicInteger> countsById() {
        return byId;
    }

    /** What was wrong with requests that failed verification; empty when every request verified. */
    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Stops listening: connections are refused until {@link #resume}. */
    void stop() {
        server.stop(0);
    }

    /** Listens again on the same port. */
    void resume() {
        start(port);
    }

    private void start(int on) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), on), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
        port = server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String signatures = exchange.getRequestHeaders().getFirst("webhook-signature");
            List<Boolean> verifiedBy = new ArrayList<>();
            for (String secret : secrets) {
                verifiedBy.add(verifies(secret, id, timestamp, raw, signatures));
            }
            long ts = timestamp == null ? 0 : Long.parseLong(timestamp);
            if (Math.abs(System.currentTimeMillis() / 1000 - ts) > TOLERANCE_SECONDS) {
                failures.add(id + ": timestamp " + timestamp + " is not within five minutes");
            }
            if (!verifiedBy.contains(true)) {
                failures.add(id + ": no signature in '" + signatures + "' verifies");
            }
            received.add(new Received(id, ts, signatures, new String(raw, StandardCharsets.UTF_8),
                    List.copyOf(verifiedBy), System.nanoTime()));
            byId.computeIfAbsent(String.valueOf(id), key -> new AtomicInteger()).incrementAndGet();
            Answer answer;
            synchronized (this) {
                answer = script.isEmpty() ? new Answer(200, null) : script.poll();
            }
            if (answer.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
            }
            byte[] reply = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), reply.length);
            exchange.getResponseBody().write(reply);
        }
    }

    /** The specification's verification, written from its text. */
    static boolean verifies(String secret, String id, String timestamp, byte[] body, String header) {
        if (id == null || timestamp == null || header == null || !secret.startsWith("whsec_")) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())),
                    "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = mac.doFinal(body);
            for (String signature : header.split(" ")) {
                int comma = signature.indexOf(',');
                if (comma > 0 && signature.substring(0, comma).equals("v1")) {
                    byte[] given = Base64.getDecoder().decode(signature.substring(comma + 1));
                    if (MessageDigest.isEqual(expected, given)) {
                        return true;
                    }
                }
            }
            return false;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
