package io.promptengine.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestIdTest extends SharedServerTest {

    @Test
    void givenNoRequestId_response_carriesAGeneratedOne() {
        TestServer.Reply first = server.get("/health/live");
        TestServer.Reply second = server.get("/health/live");

        assertThat(first.header("X-Request-Id")).matches("req_[0-9a-z]{24}");
        assertThat(second.header("X-Request-Id")).isNotEqualTo(first.header("X-Request-Id"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc-123", "trace:4bf92f3577b34da6a3ce929d0e0e4736", "x"})
    void givenSaneRequestId_response_keepsIt(String id) {
        TestServer.Reply reply = server.send(server.authorized("/v1/executions").header("X-Request-Id", id)
                .GET().build());

        assertThat(reply.header("X-Request-Id")).isEqualTo(id);
    }

    @Test
    void givenRequestIdOf128Characters_response_keepsIt() {
        String id = "r".repeat(128);

        assertThat(server.send(server.anonymous("/health/live").header("X-Request-Id", id).GET().build())
                .header("X-Request-Id")).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"has space", "tab\there"})
    void givenUnprintableRequestId_response_replacesIt(String id) {
        TestServer.Reply reply = server.send(server.anonymous("/health/live").header("X-Request-Id", id)
                .GET().build());

        assertThat(reply.header("X-Request-Id")).startsWith("req_");
    }

    @Test
    void givenNonAsciiRequestId_response_replacesIt() throws Exception {
        String response = server.raw("GET /health/live HTTP/1.1\r\nHost: x\r\nX-Request-Id: caf\u00e9\r\n"
                + "Connection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200").containsPattern("(?i)X-Request-Id: req_[0-9a-z]{24}\r\n");
    }

    @Test
    void givenTooLongRequestId_response_replacesIt() {
        TestServer.Reply reply = server.send(server.anonymous("/health/live")
                .header("X-Request-Id", "r".repeat(129)).GET().build());

        assertThat(reply.header("X-Request-Id")).startsWith("req_");
    }

    @Test
    void givenRequestId_executionAndErrorEnvelope_useIt() {
        TestServer.Reply executed = server.send(server.authorized("/v1/prompt/execute")
                .header("X-Request-Id", "client-7").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"echo\",\"input\":\"Hi\"}")).build());
        TestServer.Reply refused = server.send(server.anonymous("/v1/executions")
                .header("X-Request-Id", "client-8").GET().build());

        assertThat(executed.status()).isEqualTo(200);
        assertThat(server.executePrompt.lastCommand.requestId()).isEqualTo("client-7");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("X-Request-Id")).isEqualTo("client-8");
        assertThat(refused.json().path("error").path("request_id").asString()).isEqualTo("client-8");
    }

    @Test
    void givenUnknownRouteOrWrongMethod_response_stillCarriesTheRequestId() {
        TestServer.Reply notFound = server.send(server.anonymous("/nowhere").header("X-Request-Id", "nf-1")
                .GET().build());
        TestServer.Reply notAllowed = server.send(server.anonymous("/v1/prompt/execute").header("X-Request-Id", "na-1")
                .GET().build());

        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.header("X-Request-Id")).isEqualTo("nf-1");
        assertThat(notFound.json().path("error").path("request_id").asString()).isEqualTo("nf-1");
        assertThat(notAllowed.status()).isEqualTo(405);
        assertThat(notAllowed.header("X-Request-Id")).isEqualTo("na-1");
    }
}
