package io.promptengine.bootstrap;

import static io.promptengine.bootstrap.ErrorEnvelopeAssert.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Async executions through their states, on one worker and a model the test holds: what waits behind a busy
 * worker is {@code queued}, and cancel works while queued or running but not after the end. The tests share one
 * instance; each leaves the worker idle, and each uses prompt texts of its own.
 */
class AsyncLifecycleEndToEndTest {

    private static StubModelProvider model;
    private static RunningApp app;

    private final Map<String, String> ids = new HashMap<>();

    @BeforeAll
    static void start() {
        model = new StubModelProvider();
        app = RunningApp.start(Map.of("PE_WORKERS", "1"), model);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    /** Lets whatever a test left behind run to its end, so the next test starts with an idle worker. */
    @AfterEach
    void drain() {
        model.answerEverything();
        for (String status : new String[] {"queued", "running"}) {
            Eventually.await("no execution left " + status,
                    () -> app.api().get("/v1/executions?status=" + status).json().path("data").isEmpty());
        }
        model.reset();
    }

    @Test
    void givenBusyWorker_submit_isQueuedInTheStoreBeforeTheAnswer() {
        submitRunning("occupies the worker");

        Api.Reply accepted = submit("waits");

        assertThat(accepted.status()).isEqualTo(202);
        String id = accepted.json().path("id").asString();
        JsonNode status = app.api().get("/v1/executions/" + id + "/status").json();
        assertThat(status.path("status").asString()).isEqualTo("queued");
        assertThat(status.has("started_at")).isFalse();
        assertThat(status.has("completed_at")).isFalse();
        assertThat(model.wasCalledWith("waits")).isFalse();
    }

    @Test
    void givenQueuedExecution_workerFrees_runsThenCompletes() {
        StubModelProvider.Call first = submitRunning("runs first");
        String id = submit("second").json().path("id").asString();
        assertThat(app.api().get("/v1/executions/" + id + "/status").json().path("status").asString())
                .isEqualTo("queued");

        first.answer();
        StubModelProvider.Call second = model.awaitCall("second");
        JsonNode running = app.api().awaitStatus(id, "running");
        assertThat(running.has("started_at")).isTrue();
        assertThat(running.has("completed_at")).isFalse();
        second.answer();
        app.api().awaitStatus(id, "completed");

        JsonNode execution = app.api().get("/v1/executions/" + id).json();
        assertThat(execution.path("output").asString()).isEqualTo(StubModelProvider.answerTo("second"));
        assertThat(execution.path("model").asString()).isEqualTo(StubModelProvider.MODEL);
        assertThat(execution.path("provider").asString()).isEqualTo(StubModelProvider.NAME);
        assertThat(execution.path("usage").path("total_tokens").asLong())
                .isEqualTo(StubModelProvider.INPUT_TOKENS + StubModelProvider.OUTPUT_TOKENS);
        assertThat(execution.path("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void givenQueuedExecution_cancel_isCancelledAndTheModelIsNeverCalled() {
        StubModelProvider.Call first = submitRunning("before the cancelled one");
        String id = submit("cancelled while queued").json().path("id").asString();
        submit("after the cancelled one");

        Api.Reply cancelled = cancel(id);

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().path("status").asString()).isEqualTo("cancelled");
        assertThat(cancelled.json().has("started_at")).isFalse();
        assertThat(cancelled.json().has("completed_at")).isTrue();
        first.answer();
        // One worker takes work in order, so once the next one is called the cancelled one has been passed over.
        model.awaitCall("after the cancelled one");
        assertThat(model.wasCalledWith("cancelled while queued")).isFalse();
        JsonNode execution = app.api().get("/v1/executions/" + id).json();
        assertThat(execution.path("status").asString()).isEqualTo("cancelled");
        assertThat(execution.path("attempts").asInt()).isZero();
    }

    @Test
    void givenRunningExecution_cancel_interruptsTheCallAndDropsItsLateAnswer() {
        StubModelProvider.Call call = submitRunning("cancelled while running");
        String id = idOf("cancelled while running");
        submit("after it");

        Api.Reply cancelled = cancel(id);

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().path("status").asString()).isEqualTo("cancelled");
        call.awaitInterrupt();
        call.awaitReturn();
        // The interrupted worker came back with an answer; once it takes the next execution it is done with this one.
        StubModelProvider.Call next = model.awaitCall("after it");
        JsonNode execution = app.api().get("/v1/executions/" + id).json();
        assertThat(execution.path("status").asString()).isEqualTo("cancelled");
        assertThat(execution.has("output")).isFalse();
        assertThat(execution.path("usage").path("total_tokens").asLong()).isZero();
        assertThat(execution.path("completed_at").asString())
                .isEqualTo(cancelled.json().path("completed_at").asString());
        next.answer();
        app.api().awaitStatus(idOf("after it"), "completed");
    }

    @Test
    void givenCompletedExecution_cancel_isConflict() {
        submitRunning("done").answer();
        String id = idOf("done");
        app.api().awaitStatus(id, "completed");

        assertError(cancel(id), 409, "conflict");
        assertThat(app.api().get("/v1/executions/" + id + "/status").json().path("status").asString())
                .isEqualTo("completed");
    }

    @Test
    void givenCancelledExecution_cancel_isConflict() {
        submitRunning("holds the worker");
        String id = submit("cancelled twice").json().path("id").asString();
        assertThat(cancel(id).status()).isEqualTo(200);

        assertError(cancel(id), 409, "conflict");
    }

    private Api.Reply submit(String input) {
        Api.Reply accepted = app.api().submit(StubModelProvider.MODEL, input);
        assertThat(accepted.status()).as("submit '%s'", input).isEqualTo(202);
        ids.put(input, accepted.json().path("id").asString());
        return accepted;
    }

    /** Submits and waits until the worker is inside the model call, which holds it until answered. */
    private StubModelProvider.Call submitRunning(String input) {
        submit(input);
        StubModelProvider.Call call = model.awaitCall(input);
        app.api().awaitStatus(idOf(input), "running");
        return call;
    }

    private String idOf(String input) {
        return ids.get(input);
    }

    private Api.Reply cancel(String id) {
        return app.api().send(app.api().request("/v1/executions/" + id + "/cancel")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }
}
