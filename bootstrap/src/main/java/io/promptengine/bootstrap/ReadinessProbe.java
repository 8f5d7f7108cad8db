package io.promptengine.bootstrap;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code java -cp /app/classes io.promptengine.bootstrap.ReadinessProbe [url]}: exits 0 when the server answers
 * {@code GET /health/ready} with 200 within two seconds, 1 otherwise. The container image holds a Java runtime and
 * the libraries it loads, and no shell or curl, so a container's healthcheck ({@code deploy/compose.yaml}) runs this;
 * it needs the JDK alone, not the server's classpath, so it starts in a fraction of a second. Without a URL it asks
 * this host on {@code PE_PORT} (7070 by default), where the server of the same container listens.
 */
public final class ReadinessProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private ReadinessProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        URI uri = URI.create(args.length > 0 ? args[0]
                : "http://127.0.0.1:" + System.getenv().getOrDefault("PE_PORT", "7070") + "/health/ready");
        System.exit(ready(uri) ? 0 : 1);
    }

    /** Whether {@code uri} answers 200; a refused or timed-out connection is simply not ready. */
    static boolean ready(URI uri) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }
}
