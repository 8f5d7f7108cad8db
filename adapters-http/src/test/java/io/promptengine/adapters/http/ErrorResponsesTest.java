package io.promptengine.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.domain.error.ErrorKind;
import io.promptengine.domain.error.PromptEngineException;
import io.promptengine.domain.ratelimit.Allowance;
import io.promptengine.domain.ratelimit.LimitExceededException;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** Every way a request can fail leaves as the one envelope, with the documented status and code. */
class ErrorResponsesTest extends SharedServerTest {

    private static final String EXECUTE = "/v1/prompt/execute";
    private static final String VALID = "{\"model\":\"echo\",\"input\":\"Hello\"}";



    @ParameterizedTest
    @EnumSource(ErrorKind.class)
    void givenCoreFailureOfEachKind_execute_answersItsStatusAndCode(ErrorKind kind) {
        server.executePrompt.failure = command -> failureOf(kind, "refused: " + kind);

        TestServer.Reply reply = server.postJson(EXECUTE, VALID);

        int expected = switch (kind) {
            case VALIDATION -> 400;
            case UNAUTHORIZED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case IDEMPOTENCY_MISMATCH -> 422;
            case RATE_LIMITED, QUOTA_EXCEEDED -> 429;
            case UPSTREAM, OUTPUT_VALIDATION_FAILED -> 502;
            case UNAVAILABLE -> 503;
            case TIMEOUT -> 504;
        };
        assertThat(reply.status()).isEqualTo(expected);
        assertThat(reply.errorCode()).isEqualTo(kind.code());
        assertThat(reply.errorMessage()).isEqualTo("refused: " + kind);
        assertThat(reply.json().path("error").path("request_id").asString()).isEqualTo(reply.header("X-Request-Id"));
        assertThat(reply.json().path("error").has("field")).isFalse();
    }

    /** The core's exception of {@code kind}; a 429 comes only with the figures of the limit that refused. */
    private static PromptEngineException failureOf(ErrorKind kind, String message) {
        Allowance spent = new Allowance(60, 0, Instant.parse("2025-05-29T10:16:30Z"));
        return switch (kind) {
            case RATE_LIMITED -> LimitExceededException.rateLimited(message, spent, Duration.ofSeconds(5));
            case QUOTA_EXCEEDED -> LimitExceededException.quotaExceeded(message, spent, Duration.ofSeconds(5));
            default -> new PromptEngineException(kind, message) { };
        };
    }

    @Test
    void givenUnexpectedException_request_is500WithAGenericMessage() {
        server.executePrompt.failure = command -> new IllegalStateException("secret detail at db.internal:5432");

        TestServer.Reply reply = server.postJson(EXECUTE, VALID);

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.errorCode()).isEqualTo("internal_error");
        assertThat(reply.body()).doesNotContain("secret detail", "IllegalStateException", "at io.");
        assertThat(reply.json().path("error").path("request_id").asString()).isEqualTo(reply.header("X-Request-Id"));
    }

    @Test
    void givenJavaLangError_request_is500WithTheEnvelope() {
        server.executePrompt.failure = command -> {
            throw new StackOverflowError("deep");
        };

        TestServer.Reply reply = server.postJson(EXECUTE, VALID);

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.errorCode()).isEqualTo("internal_error");
        assertThat(reply.body()).doesNotContain("StackOverflowError");
        assertThat(reply.header("X-Request-Id")).isEqualTo(reply.json().path("error").path("request_id").asString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/nothing", "/v2/prompt/execute", "/", "/v1/executions/exec_1/status/extra"})
    void givenUnknownRoute_request_is404Envelope(String path) {
        TestServer.Reply reply = server.get(path);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.errorCode()).isEqualTo("not_found");
        assertThat(reply.errorMessage()).isEqualTo("No route for GET " + path);
        assertThat(reply.header("X-Request-Id")).startsWith("req_");
        assertThat(reply.header("Content-Type")).startsWith("application/json");
    }

    @ParameterizedTest(name = "{0} {1} -> Allow: {2}")
    @CsvSource({
        "GET, /v1/prompt/execute, POST",
        "DELETE, /v1/executions/exec_1, GET",
        "PUT, /v1/executions, GET",
        "GET, /v1/executions/exec_1/cancel, POST",
        "POST, /health/live, GET",
    })
    void givenWrongMethod_request_is405WithAllow(String method, String path, String allowed) {
        TestServer.Reply reply = server.send(server.authorized(path)
                .method(method, HttpRequest.BodyPublishers.noBody()).build());

        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.errorCode()).isEqualTo("method_not_allowed");
        assertThat(reply.header("Allow")).isEqualTo(allowed);
        assertThat(reply.header("X-Request-Id")).startsWith("req_");
    }

    @Test
    void givenBodyOverTheLimitWithContentLength_execute_is413() {
        // just over the limit, so the client has sent it whole when the early 413 comes: a body still being sent
        // when the answer closes the connection can lose the answer to the reset (a lingering close is not built)
        byte[] body = oversizedBody(TestServer.LIMIT + 1_024);

        TestServer.Reply reply = server.send(server.authorized(EXECUTE).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.errorCode()).isEqualTo("payload_too_large");
        assertThat(reply.errorMessage()).isEqualTo("Request body exceeds the limit of " + TestServer.LIMIT + " bytes");
        assertThat(server.executePrompt.lastCommand).isNull();
    }

    @Test
    void givenChunkedBodyOverTheLimit_execute_is413() {
        // just over the limit, for the reason givenBodyOverTheLimitWithContentLength_execute_is413 gives
        byte[] body = oversizedBody(TestServer.LIMIT + 1_024);

        TestServer.Reply reply = server.send(server.authorized(EXECUTE).header("Content-Type", "application/json")
                .POST(TestServer.chunked(body)).build());

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.errorCode()).isEqualTo("payload_too_large");
        assertThat(server.executePrompt.lastCommand).isNull();
    }

    @Test
    void givenHugeDeclaredLength_execute_is413AtOnceAndClosesTheConnection() throws IOException {
        String response = server.raw("POST /v1/prompt/execute HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + FakeAuthentication.KEY + "\r\nContent-Type: application/json\r\nContent-Length: 999999999\r\n\r\n{");

        assertThat(response).startsWith("HTTP/1.1 413").containsIgnoringCase("Connection: close")
                .contains("\"code\":\"payload_too_large\"");
    }

    @Test
    void givenChunkedBodyWithinTheLimit_execute_isRead() {
        TestServer.Reply reply = server.send(server.authorized(EXECUTE).header("Content-Type", "application/json")
                .POST(TestServer.chunked(VALID.getBytes(StandardCharsets.UTF_8))).build());

        assertThat(reply.status()).isEqualTo(200);
    }

    @Test
    void givenBodyOfExactlyTheLimit_execute_isRead() {
        String padding = " ".repeat((int) TestServer.LIMIT - VALID.length());

        TestServer.Reply reply = server.postJson(EXECUTE, VALID + padding);

        assertThat(reply.status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/jsonx",
        "application/json; charset=iso-8859-1"})
    void givenWrongContentType_execute_is415(String contentType) {
        TestServer.Reply reply = server.send(server.authorized(EXECUTE).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(VALID)).build());

        assertThat(reply.status()).isEqualTo(415);
        assertThat(reply.errorCode()).isEqualTo("unsupported_media_type");
        assertThat(reply.errorMessage()).isEqualTo("Content-Type must be 'application/json'");
    }

    @Test
    void givenMissingContentType_execute_is415() {
        TestServer.Reply reply = server.send(server.authorized(EXECUTE)
                .POST(HttpRequest.BodyPublishers.ofString(VALID)).build());

        assertThat(reply.status()).isEqualTo(415);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "APPLICATION/JSON;charset=UTF-8",
        "application/json; charset=\"utf-8\""})
    void givenJsonContentType_execute_isAccepted(String contentType) {
        TestServer.Reply reply = server.send(server.authorized(EXECUTE).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(VALID)).build());

        assertThat(reply.status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(ints = {65, 1_000, 30_000})
    void givenDeeplyNestedBody_execute_is400NotAStackOverflow(int depth) {
        String body = "{\"model\":\"echo\",\"input\":\"Hi\",\"extra\":" + "[".repeat(depth) + "]".repeat(depth) + "}";

        TestServer.Reply reply = server.postJson(EXECUTE, body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("invalid_json");
        assertThat(reply.errorMessage()).isEqualTo("Request body is nested deeper than 64 levels");
    }

    @Test
    void givenNestingWithinTheLimit_execute_readsTheDocument() {
        String value = "[".repeat(60) + "]".repeat(60);

        TestServer.Reply reply = server.postJson(EXECUTE, "{\"model\":\"echo\",\"input\":\"Hi\",\"extra\":" + value + "}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("validation_error");
        assertThat(reply.errorField()).isEqualTo("extra");
    }

    @Test
    void givenMalformedRequestLine_jetty_answersTheEnvelope() throws IOException {
        String response = server.raw("GET /v1/executions HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400");
        JsonNode body = TestServer.JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
        assertThat(body.path("error").path("code").asString()).isEqualTo("validation_error");
        assertThat(body.path("error").path("request_id").asString()).startsWith("req_");
        assertThat(response).containsIgnoringCase("X-Request-Id: req_");
        assertThat(response).containsIgnoringCase("Content-Type: application/json");
    }

    @Test
    void givenHeadersTooLarge_jetty_answersTheEnvelope() throws IOException {
        String response = server.raw("GET /v1/executions HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000)
                + "\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 431");
        assertThat(response).contains("\"code\":\"payload_too_large\"");
    }

    /** {@code size} bytes: a valid request's start, then spaces. */
    private static byte[] oversizedBody(long size) {
        byte[] body = new byte[(int) size];
        Arrays.fill(body, (byte) ' ');
        byte[] start = VALID.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(start, 0, body, 0, start.length);
        return body;
    }
}
