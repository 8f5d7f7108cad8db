package io.promptengine.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.domain.error.DeadlineExceededException;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.error.OutputValidationException;
import io.promptengine.domain.ratelimit.Allowance;
import io.promptengine.domain.ratelimit.LimitExceededException;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST} to a path that is none of ours calls the tenant's endpoint there. */
class TenantEndpointRoutesTest extends SharedServerTest {

    private static final String PATH = FakeCallEndpoint.PATH;
    private static final String INPUT = "{\"text\": \"Endprompt is a platform...\", \"max_length\": 100}";

    @Test
    void givenEndpointWithoutOutputSchema_post_answersTheModelsTextAsPlainText() {
        TestServer.Reply reply = server.postJson(PATH, INPUT);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).isEqualToIgnoringWhitespace("text/plain;charset=utf-8");
        assertThat(reply.body()).isEqualTo("A short summary.");
        assertThat(reply.header("X-Execution-Id")).isEqualTo("exec_endpoint1");
        assertThat(reply.header("X-Request-Id")).isEqualTo(server.callEndpoint.lastCommand.requestId());
        assertThat(reply.header("X-RateLimit-Limit")).isEqualTo("60");
        assertThat(reply.header("X-RateLimit-Remaining")).isEqualTo("42");
        assertThat(reply.header("X-RateLimit-Reset")).isEqualTo("1748513791");
        assertThat(reply.header("X-Cache")).isNull();
    }

    @Test
    void givenEndpointWithOutputSchema_post_answersTheJsonDocumentItself() {
        server.callEndpoint.json = Optional.of("{\"summary\":\"Short.\",\"word_count\":1}");

        TestServer.Reply reply = server.postJson(PATH, INPUT);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.body()).isEqualTo("{\"summary\":\"Short.\",\"word_count\":1}");
    }

    @Test
    void givenCall_command_carriesCallerPathInputAndNoHostTenantWithoutABaseDomain() {
        TestServer.Reply reply = server.postJson(PATH, INPUT);

        var command = server.callEndpoint.lastCommand;
        assertThat(command.caller()).isEqualTo(Executions.ACME.inRequest(reply.header("X-Request-Id")));
        assertThat(command.path()).isEqualTo(PATH);
        // keys sorted, so that the response cache finds the same input in any key order
        assertThat(command.input()).isEqualTo("{\"max_length\":100,\"text\":\"Endprompt is a platform...\"}");
        assertThat(command.promptName()).isEmpty();
        assertThat(command.hostTenant()).isEmpty();
        assertThat(command.cacheBypass()).isFalse();
        assertThat(command.idempotencyKey()).isEmpty();
        assertThat(server.admission.lastCaller).isEqualTo(Executions.ACME.inRequest(reply.header("X-Request-Id")));
    }

    @Test
    void givenPromptQueryCacheBypassAndIdempotencyKey_post_passesThemOn() {
        server.send(server.authorized(PATH + "?prompt=detailed-summary").header("Content-Type", "application/json")
                .header("x-cache-bypass", "true").header("Idempotency-Key", "k-1")
                .POST(HttpRequest.BodyPublishers.ofString(INPUT)).build());

        var command = server.callEndpoint.lastCommand;
        assertThat(command.promptName()).contains("detailed-summary");
        assertThat(command.cacheBypass()).isTrue();
        assertThat(command.idempotencyKey()).contains("k-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/x-www-form-urlencoded", ""})
    void givenBodyAsCurlDashDSendsIt_post_readsItAsJson(String contentType) {
        HttpRequest.Builder request = server.authorized(PATH).POST(HttpRequest.BodyPublishers.ofString(INPUT));
        if (!contentType.isEmpty()) {
            request.header("Content-Type", contentType);
        }

        TestServer.Reply reply = server.send(request.build());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(server.callEndpoint.lastCommand.input()).startsWith("{\"max_length\":");
    }

    @Test
    void givenBodyOfAnotherMediaType_post_is415() {
        TestServer.Reply reply = server.send(server.authorized(PATH).header("Content-Type", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofString(INPUT)).build());

        assertThat(reply.status()).isEqualTo(415);
        assertThat(reply.errorCode()).isEqualTo("unsupported_media_type");
        assertThat(server.callEndpoint.lastCommand).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "\"text\"", "{\"text\":"})
    void givenBodyThatIsNoJsonObject_post_is400(String body) {
        TestServer.Reply reply = server.postJson(PATH, body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCode()).isIn("validation_error", "invalid_json");
        assertThat(server.callEndpoint.lastCommand).isNull();
    }

    @Test
    void givenUnknownQueryParameterOrBadCacheBypass_post_is400NamingIt() {
        TestServer.Reply query = server.postJson(PATH + "?promt=x", INPUT);
        TestServer.Reply header = server.send(server.authorized(PATH).header("Content-Type", "application/json")
                .header("x-cache-bypass", "yes").POST(HttpRequest.BodyPublishers.ofString(INPUT)).build());

        assertThat(query.status()).isEqualTo(400);
        assertThat(query.errorField()).isEqualTo("promt");
        assertThat(header.status()).isEqualTo(400);
        assertThat(header.errorField()).isEqualTo("x-cache-bypass");
        assertThat(header.errorMessage()).isEqualTo("Header 'x-cache-bypass' must be 'true' or 'false'");
    }

    @Test
    void givenInputBreakingTheSchema_post_is400WithTheFieldAndTheLimitHeaders() {
        server.callEndpoint.failure = new InvalidInputException("max_length",
                "Field 'max_length' must be between 10 and 1000");

        TestServer.Reply reply = server.postJson(PATH, INPUT);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("validation_error");
        assertThat(reply.errorField()).isEqualTo("max_length");
        assertThat(reply.errorMessage()).isEqualTo("Field 'max_length' must be between 10 and 1000");
        assertThat(reply.header("X-RateLimit-Limit")).isEqualTo("60");
    }

    @Test
    void givenServiceOutcomes_post_mapsThemToTheirStatuses() {
        server.callEndpoint.failure = new DeadlineExceededException("No answer within 60 s");
        TestServer.Reply timeout = server.postJson(PATH, INPUT);
        server.callEndpoint.failure = new OutputValidationException("The model's answer did not match");
        TestServer.Reply invalid = server.postJson(PATH, INPUT);

        assertThat(timeout.status()).isEqualTo(504);
        assertThat(timeout.errorCode()).isEqualTo("timeout");
        assertThat(invalid.status()).isEqualTo(502);
        assertThat(invalid.errorCode()).isEqualTo("output_validation_failed");
    }

    @Test
    void givenPathWithNoEndpoint_post_isTheServicesNotFound() {
        TestServer.Reply reply = server.postJson("/api/v1/nothing", INPUT);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.errorMessage()).isEqualTo("No endpoint at POST /api/v1/nothing");
    }

    @Test
    void givenNoKey_post_is401WithoutCallingTheEndpoint() {
        TestServer.Reply reply = server.send(server.anonymous(PATH).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(INPUT)).build());

        assertThat(reply.status()).isEqualTo(401);
        assertThat(server.callEndpoint.lastCommand).isNull();
    }

    @Test
    void givenRateLimitedKey_post_is429WithRetryAfter() {
        server.admission.refusal = LimitExceededException.rateLimited("This tenant's plan allows 60 requests per "
                + "minute", new Allowance(60, 0, Instant.parse("2025-05-29T10:16:30Z")), Duration.ofSeconds(12));

        TestServer.Reply reply = server.postJson(PATH, INPUT);

        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.header("Retry-After")).isEqualTo("12");
        assertThat(server.callEndpoint.lastCommand).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/nothing", "/v1/prompt/a/b/c", "/health/nothing", "/metrics/x"})
    void givenPostToAnUnknownPathOfOurOwn_post_isNoRouteAndNoEndpointCall(String path) {
        TestServer.Reply reply = server.send(server.anonymous(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(INPUT)).build());

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.errorMessage()).isEqualTo("No route for POST " + path);
        assertThat(server.callEndpoint.lastCommand).isNull();
    }

    @Test
    void givenGetOfATenantPath_request_isNoRoute() {
        TestServer.Reply reply = server.get(PATH);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.errorMessage()).isEqualTo("No route for GET " + PATH);
        assertThat(server.callEndpoint.lastCommand).isNull();
    }

    @Test
    void givenBaseDomain_hostUnderIt_namesTheTenantAndOtherHostsNone() throws IOException {
        try (TestServer subdomains = new TestServer(new HttpSettings("127.0.0.1", 0, TestServer.LIMIT, false,
                Duration.ofSeconds(5)).withBaseDomain(Optional.of("API.Example.com")))) {
            assertThat(statusLine(subdomains, "acme.api.example.com:443")).contains("200");
            assertThat(subdomains.callEndpoint.lastCommand.hostTenant()).contains("acme");
            assertThat(statusLine(subdomains, "Globex.API.example.com")).contains("200");
            assertThat(subdomains.callEndpoint.lastCommand.hostTenant()).contains("globex");
            assertThat(statusLine(subdomains, "api.example.com")).contains("200");
            assertThat(subdomains.callEndpoint.lastCommand.hostTenant()).isEmpty();
            assertThat(statusLine(subdomains, "127.0.0.1:8080")).contains("200");
            assertThat(subdomains.callEndpoint.lastCommand.hostTenant()).isEmpty();
            assertThat(statusLine(subdomains, "acme.api.example.com.evil.test")).contains("200");
            assertThat(subdomains.callEndpoint.lastCommand.hostTenant()).isEmpty();
        }
    }

    /** The status line of a call with this {@code Host}, which the JDK client does not let a test set. */
    private static String statusLine(TestServer target, String host) throws IOException {
        String response = target.raw("POST " + PATH + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer "
                + FakeAuthentication.KEY + "\r\nContent-Type: application/json\r\nContent-Length: " + INPUT.length()
                + "\r\nConnection: close\r\n\r\n" + INPUT);
        return response.substring(0, response.indexOf('\r'));
    }
}
