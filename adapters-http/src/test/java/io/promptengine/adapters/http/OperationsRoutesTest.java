package io.promptengine.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.application.port.in.CheckReadinessUseCase.Readiness;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperationsRoutesTest extends SharedServerTest {

    @Test
    void live_isUp() {
        TestServer.Reply reply = server.send(server.anonymous("/health/live").GET().build());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("{\"status\":\"up\"}");
    }

    @Test
    void givenEveryCheckUp_ready_is200() {
        TestServer.Reply reply = server.send(server.anonymous("/health/ready").GET().build());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("status").asString()).isEqualTo("up");
        assertThat(reply.json().path("checks").path("database").asString()).isEqualTo("up");
    }

    @Test
    void givenACheckDown_ready_is503SayingWhy() {
        server.readiness.verdict = new Readiness(false,
                Map.of("database", "connection refused", "lifecycle", "stopping"));

        TestServer.Reply reply = server.send(server.anonymous("/health/ready").GET().build());

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.json().path("status").asString()).isEqualTo("down");
        assertThat(reply.json().path("checks").path("database").asString()).isEqualTo("connection refused");
        assertThat(reply.json().path("checks").path("lifecycle").asString()).isEqualTo("stopping");
    }

    @Test
    void givenTrailingSlash_route_stillMatches() {
        assertThat(server.send(server.anonymous("/health/live/").GET().build()).status()).isEqualTo(200);
    }
}
