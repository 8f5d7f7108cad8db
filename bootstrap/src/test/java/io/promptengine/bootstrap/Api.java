package io.promptengine.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * An HTTP client for the end-to-end tests. Every response it receives is checked against the server's own
 * {@code /openapi.json} before the test sees it, so no test can pass on an undocumented answer.
 */
final class Api {

    static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final int port;
    private final String key;
    private final OpenApiContract contract;

    Api(int port, String key) {
        this.port = port;
        this.key = key;
        this.contract = new OpenApiContract(send(request("/openapi.json").GET().build(), false).body());
    }

    private Api(int port, String key, OpenApiContract contract) {
        this.port = port;
        this.key = key;
        this.contract = contract;
    }

    /** The same server, authenticated with another key. */
    Api withKey(String otherKey) {
        return new Api(port, otherKey, contract);
    }

    int port() {
        return port;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** A request to {@code path} carrying this client's key as a bearer token. */
    HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        return key == null ? builder : builder.header("Authorization", "Bearer " + key);
    }

    Reply get(String path) {
        return send(request(path).GET().build());
    }

    Reply post(String path, String json) {
        return send(jsonPost(path, json).build());
    }

    /** {@code POST /v1/prompt/execute} of {@code model} and {@code input} with {@code Prefer: respond-async}. */
    Reply submit(String model, String input) {
        String body = JSON.writeValueAsString(Map.of("model", model, "input", input));
        return send(jsonPost("/v1/prompt/execute", body).header("Prefer", "respond-async").build());
    }

    /** A {@code POST} of a JSON body with this client's key, for a test to add headers to before sending. */
    HttpRequest.Builder jsonPost(String path, String json) {
        return request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    /** Polls {@code GET /v1/executions/{id}/status} until it reports {@code status}; returns that status body. */
    JsonNode awaitStatus(String id, String status) {
        return Eventually.await("execution " + id + " to be " + status,
                () -> get("/v1/executions/" + id + "/status").json(),
                body -> body.path("status").asString().equals(status));
    }

    Reply patch(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build());
    }

    Reply delete(String path) {
        return send(request(path).DELETE().build());
    }

    Reply send(HttpRequest request) {
        return send(request, true);
    }

    private Reply send(HttpRequest request, boolean check) {
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            Reply reply = new Reply(response.statusCode(), response.headers(), response.body());
            if (check) {
                contract.assertConforms(request.method(), request.uri().getRawPath(), reply.status(),
                        reply.headers().firstValue("Content-Type"), reply.body());
            }
            return reply;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A response: status, headers, body, and the body parsed as JSON on demand. */
    record Reply(int status, HttpHeaders headers, String body) {

        JsonNode json() {
            return JSON.readTree(body);
        }

        Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        /** The {@code X-Request-Id} the server answered with; every response has one. */
        String requestId() {
            return header("X-Request-Id").orElseThrow(() -> new AssertionError("no X-Request-Id on " + this));
        }

        /** The envelope's {@code error.code}. */
        String errorCode() {
            return json().path("error").path("code").asString();
        }
    }
}
