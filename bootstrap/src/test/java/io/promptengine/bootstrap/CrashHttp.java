package io.promptengine.bootstrap;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The crash test's client of the server it kills: plain HTTP/1.1 with a key, whose answer is empty when the server
 * could not be reached or the connection broke, which is what a kill looks like from here. Unlike {@link Api} it does
 * not check answers against the OpenAPI document: it sends tens of thousands of requests per run.
 */
final class CrashHttp {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private volatile int port;

    /** Sends every later request to the server on {@code port}. */
    void target(int newPort) {
        this.port = newPort;
    }

    /** {@code json} null for no body; {@code header} null or a name and a value. */
    Optional<Api.Reply> send(String key, String method, String path, String json, String... header) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + key);
        if (header.length == 2) {
            request.header(header[0], header[1]);
        }
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method,
                    HttpRequest.BodyPublishers.ofString(json));
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return Optional.of(new Api.Reply(response.statusCode(), response.headers(), response.body()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** A read of a server that should be up: retried a few times, and a failure when it never answers. */
    Api.Reply read(String key, String path) {
        for (int attempt = 1; ; attempt++) {
            Optional<Api.Reply> reply = send(key, "GET", path, null);
            if (reply.isPresent() && reply.get().status() < 500) {
                return reply.get();
            }
            if (attempt == 5) {
                throw new IllegalStateException("GET " + path + " did not answer after 5 attempts: "
                        + reply.map(r -> r.status() + " " + r.body()).orElse("no connection"));
            }
            try {
                Thread.sleep(200L * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
