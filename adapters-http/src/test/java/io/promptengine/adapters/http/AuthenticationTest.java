package io.promptengine.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AuthenticationTest extends SharedServerTest {

    @BeforeEach
    void storeAnExecution() {
        server.queries.put(Executions.completed("exec_done"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "Authorization, Bearer pe_live_test_key",
        "Authorization, bearer   pe_live_test_key",
        "x-api-key, pe_live_test_key",
        "api-key, pe_live_test_key",
    })
    void givenKeyInAnyAcceptedHeader_request_isAuthenticated(String header, String value) {
        TestServer.Reply reply = server.send(server.anonymous("/v1/executions/exec_done").header(header, value)
                .GET().build());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(server.authentication.lastPresented).isEqualTo(FakeAuthentication.KEY);
    }

    @Test
    void givenNoKey_request_is401WithBearerChallenge() {
        TestServer.Reply reply = server.send(server.anonymous("/v1/executions/exec_done").GET().build());

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.errorCode()).isEqualTo("unauthorized");
        assertThat(reply.errorMessage()).isEqualTo("Missing API key");
        assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(server.authentication.lastPresented).isNull();
    }

    @Test
    void givenUnknownKey_request_is401() {
        TestServer.Reply reply = server.send(server.anonymous("/v1/executions")
                .header("x-api-key", "pe_live_wrong").GET().build());

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.errorMessage()).isEqualTo("Invalid API key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic dXNlcjpwYXNz", "Bearerpe_live_test_key", "Token pe_live_test_key"})
    void givenOtherAuthorizationScheme_request_is401(String authorization) {
        TestServer.Reply reply = server.send(server.anonymous("/v1/executions")
                .header("Authorization", authorization).GET().build());

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.errorMessage()).startsWith("Unsupported authorization scheme");
        assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void givenDeactivatedTenant_request_is403() {
        TestServer.Reply reply = server.send(server.anonymous("/v1/executions")
                .header("api-key", FakeAuthentication.DEACTIVATED_KEY).GET().build());

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.errorCode()).isEqualTo("forbidden");
    }

    @Test
    void givenNoKey_execute_isRefusedBeforeTheBodyIsRead() {
        TestServer.Reply reply = server.send(server.anonymous("/v1/prompt/execute")
                .header("Content-Type", "text/plain")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("not json")).build());

        assertThat(reply.status()).isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health/live", "/health/ready", "/openapi.json"})
    void givenNoKey_operationsRoutes_arePublic(String path) {
        assertThat(server.send(server.anonymous(path).GET().build()).status()).isEqualTo(200);
    }
}
