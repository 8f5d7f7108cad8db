package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The response cache and {@code Idempotency-Key} on the real application: H2, the Caffeine cache, the JDBI
 * idempotency store, and a stub provider that counts its calls by prompt text (each test keeps its texts unique).
 */
class CachingAndIdempotencyEndToEndTest {

    private static final String EXECUTE = "/v1/prompt/execute";
    private static final StubModelProvider STUB = new StubModelProvider();

    private static RunningApp app;
    private static Api acme;
    private static Api globex;

    @BeforeAll
    static void start() {
        app = RunningApp.start(Map.of("PE_CACHE_TTL_SECONDS", "300"), STUB);
        Operator operator = new Operator(app);
        operator.createTenant("acme", "enterprise");
        operator.createTenant("globex", "enterprise");
        acme = app.api().withKey(operator.issueKey("acme", "execute", "read", "manage"));
        globex = app.api().withKey(operator.issueKey("globex", "execute", "read", "manage"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @BeforeEach
    void answerAtOnce() {
        STUB.reset();
        STUB.answerEverything();
    }

    @Test
    void givenSameExecuteRequestTwice_secondIsAHitWithNoModelCallRecordedAsACacheHit() {
        Api.Reply first = acme.post(EXECUTE, body("cache me once"));
        Api.Reply second = acme.post(EXECUTE, body("cache me once"));

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.header("X-Cache")).contains("MISS");
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.header("X-Cache")).contains("HIT");
        assertThat(STUB.callsWith("cache me once")).isEqualTo(1);
        assertThat(second.json().path("output").asString()).isEqualTo(first.json().path("output").asString());
        JsonNode hit = acme.get("/v1/executions/" + second.json().path("id").asString()).json();
        assertThat(hit.path("cache_hit").asBoolean()).isTrue();
        assertThat(hit.path("status").asString()).isEqualTo("completed");
        assertThat(hit.path("usage").path("total_tokens").asLong()).isZero();
        assertThat(acme.get("/v1/executions/" + first.json().path("id").asString()).json().path("cache_hit")
                .asBoolean()).isFalse();
    }

    @Test
    void givenCachedAnswer_bypass_callsTheModelAgain() {
        acme.post(EXECUTE, body("bypass me"));

        Api.Reply bypassed = acme.send(acme.jsonPost(EXECUTE, body("bypass me")).header("x-cache-bypass", "true")
                .build());

        assertThat(bypassed.header("X-Cache")).contains("BYPASS");
        assertThat(STUB.callsWith("bypass me")).isEqualTo(2);
        assertThat(acme.post(EXECUTE, body("bypass me")).header("X-Cache")).contains("HIT");
    }

    @Test
    void givenSameRequestFromAnotherTenant_itIsNeverServedTheFirstTenantsAnswer() {
        acme.post(EXECUTE, body("mine alone"));

        Api.Reply theirs = globex.post(EXECUTE, body("mine alone"));

        assertThat(theirs.header("X-Cache")).contains("MISS");
        assertThat(STUB.callsWith("mine alone")).isEqualTo(2);
    }

    @Test
    void givenAnswerThatBreaksTheOutputSchema_nothingIsCachedAndEveryCallRunsTheModel() {
        endpoint("/api/v1/invalid", 120, ",\"output_schema\":{\"type\":\"object\",\"required\":[\"summary\"]}",
                "echo-invalid");
        long failedBefore = failedExecutions();

        Api.Reply first = acme.send(acme.jsonPost("/api/v1/invalid", "{\"text\":\"never valid\"}").build());
        Api.Reply second = acme.send(acme.jsonPost("/api/v1/invalid", "{\"text\":\"never valid\"}").build());

        assertThat(first.status()).as(first.body()).isEqualTo(502);
        assertThat(first.errorCode()).isEqualTo("output_validation_failed");
        assertThat(second.status()).isEqualTo(502);
        assertThat(second.header("X-Cache")).isEmpty();
        assertThat(failedExecutions()).isEqualTo(failedBefore + 2);
    }

    @Test
    void givenEndpointWithCacheTtl_inputInAnotherKeyOrder_isAHit_andANewVersionIsAMiss() {
        String prompt = endpointWithStubPrompt("/api/v1/cached", 120);

        Api.Reply first = acme.send(acme.jsonPost("/api/v1/cached", "{\"text\":\"cached call\",\"n\":1}").build());
        Api.Reply second = acme.send(acme.jsonPost("/api/v1/cached", "{ \"n\": 1,\n \"text\": \"cached call\" }")
                .build());
        publish(prompt, "Again: {{text}}", StubModelProvider.MODEL);
        Api.Reply afterPublish = acme.send(acme.jsonPost("/api/v1/cached", "{\"text\":\"cached call\",\"n\":1}")
                .build());

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.header("X-Cache")).contains("MISS");
        assertThat(second.header("X-Cache")).contains("HIT");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.header("X-Execution-Id")).isNotEqualTo(first.header("X-Execution-Id"));
        assertThat(STUB.callsWith("cached call")).isEqualTo(1);
        assertThat(afterPublish.header("X-Cache")).contains("MISS");
        assertThat(STUB.callsWith("Again: cached call")).isEqualTo(1);
    }

    @Test
    void givenEndpointWithoutCacheTtl_answersCarryNoXCache() {
        endpointWithStubPrompt("/api/v1/uncached", 0);

        Api.Reply reply = acme.send(acme.jsonPost("/api/v1/uncached", "{\"text\":\"uncached\"}").build());

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.header("X-Cache")).isEmpty();
    }

    @Test
    void givenTwentyIdenticalRequestsAtOnce_oneModelCall_oneMissAndNineteenHits() throws Exception {
        STUB.reset(); // calls wait for the test, so the first request's call stays in flight
        List<Api.Reply> replies = concurrently(20, acme, body("single flight"), "single flight");

        assertThat(STUB.callsWith("single flight")).isEqualTo(1);
        assertThat(replies).allSatisfy(reply -> assertThat(reply.status()).as(reply.body()).isEqualTo(200));
        assertThat(replies).filteredOn(reply -> "MISS".equals(reply.header("X-Cache").orElse("")))
                .hasSize(1);
        assertThat(replies).filteredOn(reply -> "HIT".equals(reply.header("X-Cache").orElse("")))
                .hasSize(19)
                .allSatisfy(hit -> {
                    assertThat(hit.json().path("output").asString())
                            .isEqualTo(StubModelProvider.answerTo("single flight"));
                    JsonNode recorded = acme.get("/v1/executions/" + hit.json().path("id").asString()).json();
                    assertThat(recorded.path("cache_hit").asBoolean()).isTrue();
                    assertThat(recorded.path("usage").path("total_tokens").asLong()).isZero();
                });
        assertThat(replies).extracting(reply -> reply.json().path("id").asString()).doesNotHaveDuplicates();
    }

    @Test
    void givenTwoTenantsSendingTheSameRequestAtOnce_eachTenantCallsTheModel() throws Exception {
        STUB.reset();
        String request = body("each their own");
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<Api.Reply> acmes = threads.submit(() -> acme.post(EXECUTE, request));
            Future<Api.Reply> globexs = threads.submit(() -> globex.post(EXECUTE, request));
            Eventually.await("both tenants' model calls in flight", () -> STUB.callsWith("each their own") == 2);
            STUB.answerEverything();

            assertThat(acmes.get(30, TimeUnit.SECONDS).header("X-Cache")).contains("MISS");
            assertThat(globexs.get(30, TimeUnit.SECONDS).header("X-Cache")).contains("MISS");
        } finally {
            threads.shutdownNow();
        }
        assertThat(STUB.callsWith("each their own")).isEqualTo(2);
    }

    @Test
    void givenTwentyParallelRequestsWithOneKey_exactlyOneExecutionAndOneModelCall() throws Exception {
        STUB.reset(); // calls wait for the test, so the first request stays in flight
        String request = body("twenty at once");
        List<Api.Reply> replies = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(20);
        try {
            List<Future<Api.Reply>> futures = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                futures.add(threads.submit(() -> acme.send(acme.jsonPost(EXECUTE, request)
                        .header("Idempotency-Key", "parallel-1").build())));
            }
            STUB.awaitCall("twenty at once");
            List<Future<Api.Reply>> waiting = new ArrayList<>();
            for (Future<Api.Reply> future : futures) {
                waiting.add(future);
            }
            Eventually.await("19 requests answered 409", () -> waiting.stream().filter(Future::isDone).count() == 19);
            STUB.answerEverything();
            for (Future<Api.Reply> future : futures) {
                replies.add(future.get(30, TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
        }
        Api.Reply replay = acme.send(acme.jsonPost(EXECUTE, request).header("Idempotency-Key", "parallel-1").build());

        assertThat(replies).filteredOn(reply -> reply.status() == 200).hasSize(1);
        assertThat(replies).filteredOn(reply -> reply.status() == 409)
                .hasSize(19)
                .allSatisfy(reply -> assertThat(reply.errorCode()).isEqualTo("conflict"));
        assertThat(STUB.callsWith("twenty at once")).isEqualTo(1);
        Api.Reply winner = replies.stream().filter(reply -> reply.status() == 200).findFirst().orElseThrow();
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.header("Idempotent-Replayed")).contains("true");
        assertThat(replay.body()).isEqualTo(winner.body());
        assertThat(acme.get("/v1/executions?limit=100").json().path("data").valueStream()
                .filter(execution -> execution.path("idempotency_key").asString().equals("parallel-1")))
                .singleElement()
                .satisfies(execution -> assertThat(execution.path("request_id").asString())
                        .isEqualTo(winner.requestId()));
        assertThat(STUB.callsWith("twenty at once")).isEqualTo(1);
    }

    @Test
    void givenSameKeyWithAnotherBody_is422_andInAnotherTenantTheKeyIsFree() {
        Api.Reply first = acme.send(acme.jsonPost(EXECUTE, body("keyed one")).header("Idempotency-Key", "k-22")
                .build());
        Api.Reply other = acme.send(acme.jsonPost(EXECUTE, body("keyed two")).header("Idempotency-Key", "k-22")
                .build());
        Api.Reply theirs = globex.send(globex.jsonPost(EXECUTE, body("keyed two")).header("Idempotency-Key", "k-22")
                .build());

        assertThat(first.status()).isEqualTo(200);
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.errorCode()).isEqualTo("idempotency_mismatch");
        assertThat(theirs.status()).isEqualTo(200);
        assertThat(theirs.header("Idempotent-Replayed")).isEmpty();
    }

    @Test
    void givenAsyncRequestWithKey_retryReplaysIts202AndQueuesNothingNew() {
        HttpRequest.Builder submit = acme.jsonPost(EXECUTE, body("async keyed")).header("Prefer", "respond-async")
                .header("Idempotency-Key", "async-1");
        Api.Reply queued = acme.send(submit.build());
        Api.Reply again = acme.send(acme.jsonPost(EXECUTE, body("async keyed")).header("Prefer", "respond-async")
                .header("Idempotency-Key", "async-1").build());

        assertThat(queued.status()).isEqualTo(202);
        assertThat(queued.header("X-Cache")).isEmpty();
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.header("Idempotent-Replayed")).contains("true");
        assertThat(again.header("Location")).isEqualTo(queued.header("Location"));
        assertThat(again.body()).isEqualTo(queued.body());
        acme.awaitStatus(queued.json().path("id").asString(), "completed");
        assertThat(STUB.callsWith("async keyed")).isEqualTo(1);
    }

    @Test
    void givenVersionTestAndStoredPromptRunsWithKeys_retriesReplayWithoutCallingTheModelAgain() {
        String prompt = endpointWithStubPrompt("/api/v1/keyed", 0);
        String test = "/v1/prompts/" + prompt + "/versions/1/test";
        String run = "/v1/prompt/" + prompt + "/" + StubModelProvider.NAME;

        Api.Reply tested = acme.send(acme.jsonPost(test, "{\"input\":{\"text\":\"tested once\"}}")
                .header("Idempotency-Key", "test-1").build());
        Api.Reply testedAgain = acme.send(acme.jsonPost(test, "{\"input\":{\"text\":\"tested once\"}}")
                .header("Idempotency-Key", "test-1").build());
        Api.Reply ran = acme.send(acme.jsonPost(run, "{\"message\":\"asked once\"}")
                .header("Idempotency-Key", "run-1").build());
        Api.Reply ranAgain = acme.send(acme.jsonPost(run, "{\"message\":\"asked once\"}")
                .header("Idempotency-Key", "run-1").build());

        assertThat(tested.status()).as(tested.body()).isEqualTo(200);
        assertThat(testedAgain.header("Idempotent-Replayed")).contains("true");
        assertThat(testedAgain.body()).isEqualTo(tested.body());
        assertThat(STUB.callsWith("tested once")).isEqualTo(1);
        assertThat(ran.status()).as(ran.body()).isEqualTo(200);
        assertThat(ran.header("X-Cache")).isEmpty();
        assertThat(ranAgain.header("Idempotent-Replayed")).contains("true");
        assertThat(ranAgain.body()).isEqualTo(ran.body());
        assertThat(STUB.callsWith("asked once")).isEqualTo(1);
    }

    /**
     * Sends {@code count} copies of an execute request from {@code api} at once, holds the first model call for
     * {@code input} until the others have had time to arrive, then answers it; returns every reply.
     */
    private static List<Api.Reply> concurrently(int count, Api api, String request, String input) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(count);
        try {
            List<Future<Api.Reply>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(threads.submit(() -> api.post(EXECUTE, request)));
            }
            STUB.awaitCall(input);
            // nothing outside the process shows that a request waits for another's call; a request that arrives
            // after the answer is a plain hit, so this pause only decides how much the test proves, never whether
            // correct code passes
            Thread.sleep(500);
            STUB.answerEverything();
            List<Api.Reply> replies = new ArrayList<>();
            for (Future<Api.Reply> future : futures) {
                replies.add(future.get(30, TimeUnit.SECONDS));
            }
            return replies;
        } finally {
            threads.shutdownNow();
        }
    }

    private static String body(String input) {
        return "{\"model\":\"" + StubModelProvider.MODEL + "\",\"input\":\"" + input + "\"}";
    }

    private static long failedExecutions() {
        return acme.get("/v1/executions?status=failed&limit=100").json().path("data").size();
    }

    /** An endpoint at {@code path} whose default prompt's live version 1 sends {@code {{text}}} to the stub. */
    private static String endpointWithStubPrompt(String path, int cacheTtlSeconds) {
        return endpoint(path, cacheTtlSeconds, "", StubModelProvider.MODEL);
    }

    /** An endpoint at {@code path} whose default prompt's live version 1 sends {@code {{text}}} to {@code model}. */
    private static String endpoint(String path, int cacheTtlSeconds, String moreFields, String model) {
        Api.Reply endpoint = acme.post("/v1/endpoints", "{\"path\":\"" + path + "\",\"cache_ttl_seconds\":"
                + cacheTtlSeconds + ",\"input_schema\":{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"},\"n\":{\"type\":\"integer\"}},\"required\":[\"text\"]}"
                + moreFields + "}");
        assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(201);
        String endpointId = endpoint.json().path("id").asString();
        Api.Reply prompt = acme.post("/v1/prompts", "{\"name\":\"p\",\"endpoint_id\":\"" + endpointId + "\"}");
        assertThat(prompt.status()).as(prompt.body()).isEqualTo(201);
        String promptId = prompt.json().path("id").asString();
        publish(promptId, "{{text}}", model);
        acme.patch("/v1/endpoints/" + endpointId, "{\"default_prompt_id\":\"" + promptId + "\"}");
        return promptId;
    }

    private static void publish(String promptId, String template, String model) {
        Api.Reply version = acme.post("/v1/prompts/" + promptId + "/versions", "{\"user_template\":\"" + template
                + "\",\"model\":\"" + model + "\"}");
        assertThat(version.status()).as(version.body()).isEqualTo(201);
        Api.Reply published = acme.post("/v1/prompts/" + promptId + "/versions/"
                + version.json().path("version").asInt() + "/publish", "{}");
        assertThat(published.status()).as(published.body()).isEqualTo(200);
    }
}
