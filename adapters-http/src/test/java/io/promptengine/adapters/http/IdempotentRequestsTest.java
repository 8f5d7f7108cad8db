package io.promptengine.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.application.port.in.CacheStatus;
import io.promptengine.domain.error.UpstreamException;
import java.net.http.HttpRequest;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdempotentRequestsTest extends SharedServerTest {

    private static final String EXECUTE = "/v1/prompt/execute";
    private static final String BODY = "{\"model\":\"echo\",\"input\":\"Hi\",\"max_tokens\":5}";

    @Test
    void givenAnsweredKey_sameBodyInAnyKeyOrder_replaysStatusBodyAndHeadersWithoutRunningAgain() {
        server.executePrompt.cache = Optional.of(CacheStatus.MISS);
        TestServer.Reply first = execute("order-1", BODY);
        server.executePrompt.lastCommand = null;

        TestServer.Reply again = execute("order-1", "{ \"max_tokens\": 5, \"input\": \"Hi\", \"model\": \"echo\" }");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.header("Content-Type")).isEqualTo(first.header("Content-Type"));
        assertThat(again.header("X-Cache")).isEqualTo("MISS");
        assertThat(again.header("X-Request-Id")).isNotEqualTo(first.header("X-Request-Id"));
        assertThat(server.executePrompt.lastCommand).isNull();
    }

    @Test
    void givenAnsweredKey_differentBody_is422IdempotencyMismatch() {
        execute("order-2", BODY);

        TestServer.Reply other = execute("order-2", "{\"model\":\"echo\",\"input\":\"Bye\"}");

        assertThat(other.status()).isEqualTo(422);
        assertThat(other.errorCode()).isEqualTo("idempotency_mismatch");
        assertThat(other.header("Idempotent-Replayed")).isNull();
    }

    @Test
    void givenAnsweredKey_samePathWithOtherQuery_isAMismatch() {
        server.postJson(FakeCallEndpoint.PATH, "{\"text\":\"a\"}");
        TestServer.Reply first = send(FakeCallEndpoint.PATH, "k-q", "{\"text\":\"a\"}");
        TestServer.Reply other = send(FakeCallEndpoint.PATH + "?prompt=other", "k-q", "{\"text\":\"a\"}");

        assertThat(first.status()).isEqualTo(200);
        assertThat(other.status()).isEqualTo(422);
    }

    @Test
    void givenRequestRefusedAsInvalid_nothingIsStoredAndTheKeyRunsAValidRequestLater() {
        TestServer.Reply invalid = execute("order-3", "{\"input\":\"Hi\"}");

        TestServer.Reply valid = execute("order-3", BODY);

        assertThat(invalid.status()).isEqualTo(400);
        assertThat(valid.status()).isEqualTo(200);
        assertThat(valid.header("Idempotent-Replayed")).isNull();
    }

    @Test
    void givenExecutionThatFailed_itsErrorIsStoredAndReplayed() {
        server.executePrompt.failure = command -> new UpstreamException("provider said 500");
        TestServer.Reply failed = execute("order-4", BODY);
        server.executePrompt.failure = command -> null;

        TestServer.Reply again = execute("order-4", BODY);

        assertThat(failed.status()).isEqualTo(502);
        assertThat(again.status()).isEqualTo(502);
        assertThat(again.errorCode()).isEqualTo("upstream_error");
        assertThat(again.body()).isEqualTo(failed.body());
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.header("X-Cache")).isNull();
    }

    @Test
    void givenAsyncRequest_theReplayIsIts202WithLocation() {
        TestServer.Reply queued = send(EXECUTE, "order-5", BODY, "Prefer", "respond-async");
        server.executePrompt.lastCommand = null;

        TestServer.Reply again = send(EXECUTE, "order-5", BODY, "Prefer", "respond-async");

        assertThat(queued.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.header("Location")).isEqualTo(queued.header("Location"));
        assertThat(again.header("Preference-Applied")).isEqualTo("respond-async");
        assertThat(again.body()).isEqualTo(queued.body());
        assertThat(server.executePrompt.lastCommand).isNull();
    }

    @Test
    void givenSameKeyAndBody_withoutRespondAsync_isAMismatchNotA202Replay() {
        send(EXECUTE, "order-6", BODY, "Prefer", "respond-async");

        assertThat(execute("order-6", BODY).status()).isEqualTo(422);
    }

    @Test
    void givenKeyTooLongOrNotAscii_is400NamingTheHeader() {
        TestServer.Reply tooLong = execute("k".repeat(256), BODY);

        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.errorCode()).isEqualTo("validation_error");
        assertThat(tooLong.json().path("error").path("field").asString()).isEqualTo("Idempotency-Key");
        assertThat(execute("k".repeat(255), BODY).status()).isEqualTo(200);
    }

    @Test
    void givenTenantEndpointAnswer_itsExecutionIdAndCacheStatusAreReplayed() {
        server.callEndpoint.cache = Optional.of(CacheStatus.HIT);
        TestServer.Reply first = send(FakeCallEndpoint.PATH, "call-1", "{\"text\":\"a\"}");
        server.callEndpoint.cache = Optional.empty();

        TestServer.Reply again = send(FakeCallEndpoint.PATH, "call-1", "{\"text\":\"a\"}");

        assertThat(first.header("X-Cache")).isEqualTo("HIT");
        assertThat(again.header("X-Execution-Id")).isEqualTo(first.header("X-Execution-Id"));
        assertThat(again.header("X-Cache")).isEqualTo("HIT");
        assertThat(again.header("Content-Type")).isEqualTo(first.header("Content-Type"));
        assertThat(again.body()).isEqualTo(first.body());
    }

    @Test
    void givenCacheStatus_syncAnswerCarriesXCache_andAnUncacheableOneNone() {
        server.executePrompt.cache = Optional.of(CacheStatus.BYPASS);
        assertThat(server.postJson(EXECUTE, BODY).header("X-Cache")).isEqualTo("BYPASS");

        server.executePrompt.cache = Optional.empty();
        assertThat(server.postJson(EXECUTE, BODY).header("X-Cache")).isNull();
    }

    @Test
    void givenCacheBypassHeader_execute_passesItOn_andAnInvalidOneIs400() {
        send(EXECUTE, "", BODY, "x-cache-bypass", "true");
        assertThat(server.executePrompt.lastCommand.cacheBypass()).isTrue();

        TestServer.Reply invalid = send(EXECUTE, "", BODY, "x-cache-bypass", "yes");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().path("error").path("field").asString()).isEqualTo("x-cache-bypass");
    }

    private TestServer.Reply execute(String key, String body) {
        return send(EXECUTE, key, body);
    }

    /** {@code POST path} with {@code body}, the key unless empty, and header pairs. */
    private TestServer.Reply send(String path, String key, String body, String... headers) {
        HttpRequest.Builder request = server.authorized(path).header("Content-Type", "application/json");
        if (!key.isEmpty()) {
            request.header("Idempotency-Key", key);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return server.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }
}
