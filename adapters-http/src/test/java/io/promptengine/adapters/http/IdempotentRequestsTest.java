package io.promptengine.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.application.model.CacheStatus;
import io.promptengine.application.port.out.IdempotencyRecord;
import io.promptengine.application.port.out.IdempotencyStore;
import io.promptengine.domain.error.UpstreamException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionError;
import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.execution.ExecutionOutput;
import io.promptengine.domain.execution.ExecutionRequest;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import io.promptengine.domain.prompt.ModelParameters;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
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

    @Test
    void givenKeyLeftInFlightByAKilledInstance_sameRequest_runsAndItsAnswerIsStored() {
        execute("crash-1", BODY);
        leftInFlightBy("pe-killed", "crash-1");
        server.executePrompt.lastCommand = null;

        TestServer.Reply retry = execute("crash-1", BODY);
        TestServer.Reply again = execute("crash-1", BODY);

        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.header("Idempotent-Replayed")).isNull();
        assertThat(server.executePrompt.lastCommand).isNotNull();
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.body()).isEqualTo(retry.body());
    }

    @Test
    void givenKeyHeldByAnInstanceStillBeating_sameRequest_is409() {
        execute("crash-2", BODY);
        server.instances.heartbeat("pe-alive", server.clock.now());
        leftInFlightBy("pe-alive", "crash-2");

        TestServer.Reply retry = execute("crash-2", BODY);

        assertThat(retry.status()).isEqualTo(409);
        assertThat(retry.errorCode()).isEqualTo("conflict");
    }

    @Test
    void givenKilledRequestHadRecordedItsExecution_sameRequest_answersWithItWithoutRunning() {
        execute("crash-3", BODY);
        leftInFlightBy("pe-killed", "crash-3");
        Execution recorded = recorded("exec_recorded_3", "crash-3").complete(
                ExecutionOutput.text("Hi from before the crash", FinishReason.STOP), new Usage(2, 5), Optional.empty(),
                server.clock.now());
        server.executions.insert(recorded);
        server.executePrompt.lastCommand = null;

        TestServer.Reply retry = execute("crash-3", BODY);
        TestServer.Reply again = execute("crash-3", BODY);

        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().path("id").asString()).isEqualTo("exec_recorded_3");
        assertThat(retry.json().path("output").asString()).isEqualTo("Hi from before the crash");
        assertThat(server.executePrompt.lastCommand).isNull();
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.body()).isEqualTo(retry.body());
    }

    @Test
    void givenKilledAsyncRequestHadQueuedItsExecution_sameRequest_answersItsQueued202() {
        send(EXECUTE, "crash-4", BODY, "Prefer", "respond-async");
        leftInFlightBy("pe-killed", "crash-4");
        server.executions.insert(recorded("exec_recorded_4", "crash-4"));
        server.executePrompt.lastCommand = null;

        TestServer.Reply retry = send(EXECUTE, "crash-4", BODY, "Prefer", "respond-async");

        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.header("Location")).isEqualTo("/v1/executions/exec_recorded_4");
        assertThat(retry.header("Preference-Applied")).isEqualTo("respond-async");
        assertThat(retry.json().path("status").asString()).isEqualTo("queued");
        assertThat(server.executePrompt.lastCommand).isNull();
    }

    @Test
    void givenKilledRequestsExecutionHadFailed_sameRequest_answersItsErrorNamingTheExecution() {
        execute("crash-5", BODY);
        leftInFlightBy("pe-killed", "crash-5");
        server.executions.insert(recorded("exec_recorded_5", "crash-5").fail(
                new ExecutionError("timeout", "The model did not answer within 60 s"), Usage.NONE, server.clock.now()));

        TestServer.Reply retry = execute("crash-5", BODY);
        TestServer.Reply again = execute("crash-5", BODY);

        assertThat(retry.status()).isEqualTo(504);
        assertThat(retry.errorCode()).isEqualTo("timeout");
        assertThat(retry.header("X-Execution-Id")).isEqualTo("exec_recorded_5");
        assertThat(again.status()).isEqualTo(504);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    }

    @Test
    void givenKilledEndpointCallHadCompleted_sameRequest_answersItsOutputAndExecutionId() {
        send(FakeCallEndpoint.PATH, "crash-6", "{\"text\":\"a\"}");
        leftInFlightBy("pe-killed", "crash-6");
        String document = "{\"summary\":\"short\"}";
        server.executions.insert(recorded("exec_recorded_6", "crash-6").complete(
                new ExecutionOutput(document, Optional.of(document), FinishReason.STOP), new Usage(2, 5),
                Optional.empty(), server.clock.now()));

        TestServer.Reply retry = send(FakeCallEndpoint.PATH, "crash-6", "{\"text\":\"a\"}");

        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.header("X-Execution-Id")).isEqualTo("exec_recorded_6");
        assertThat(retry.json().path("summary").asString()).isEqualTo("short");
    }

    @Test
    void givenKilledStoredPromptRunHadCompleted_sameRequest_is409PointingAtTheExecutionAndStaysSo() {
        String path = "/v1/prompt/" + FakeRunStoredPrompt.PROMPT_ID + "/openai";
        send(path, "crash-7", "{\"message\":\"Hi\"}");
        leftInFlightBy("pe-killed", "crash-7");
        server.executions.insert(recorded("exec_recorded_7", "crash-7").complete(
                ExecutionOutput.text("Hello", FinishReason.STOP), new Usage(2, 5), Optional.empty(),
                server.clock.now()));

        TestServer.Reply retry = send(path, "crash-7", "{\"message\":\"Hi\"}");
        TestServer.Reply again = send(path, "crash-7", "{\"message\":\"Hi\"}");

        assertThat(retry.status()).isEqualTo(409);
        assertThat(retry.header("X-Execution-Id")).isEqualTo("exec_recorded_7");
        assertThat(retry.json().path("error").path("message").asString())
                .contains("GET /v1/executions/exec_recorded_7");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    }

    /** The key's record as a request killed mid-flight on {@code instance} leaves it: held, unanswered. */
    private void leftInFlightBy(String instance, String key) {
        IdempotencyRecord answered = server.idempotencyKeys.find(Executions.ACME.tenantId(), key).orElseThrow();
        Instant now = server.clock.now();
        IdempotencyRecord inFlight = new IdempotencyRecord(answered.tenantId(), key, answered.fingerprint(),
                "claim-of-" + instance, Optional.of(instance), Optional.empty(), now, now.plus(Duration.ofMinutes(11)),
                answered.expiresAt());
        assertThat(server.idempotencyKeys.takeOver(answered, inFlight)).isEqualTo(IdempotencyStore.Write.APPLIED);
    }

    /** A running execution of the execute API made for {@code key}, as the killed request had started it. */
    private Execution recorded(String id, String key) {
        ExecutionRequest request = new ExecutionRequest(Executions.ACME.tenantId(), Executions.ACME.apiKeyId(),
                Surface.EXECUTE_API, Optional.empty(), "local", "echo", "Hi", ModelParameters.DEFAULTS, "req_killed",
                Optional.of(key));
        return Execution.queue(new ExecutionId(id), request, server.clock.now()).start(server.clock.now());
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
