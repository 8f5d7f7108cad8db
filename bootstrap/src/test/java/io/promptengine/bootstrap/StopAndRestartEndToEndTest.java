package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Stopping and starting again. A graceful stop lets what is in flight finish and leaves what waits queued for the
 * next start; after a crash what waited runs, and what was running is reclaimed when its lease expires and runs
 * again as attempt 2.
 */
class StopAndRestartEndToEndTest {

    private final StubModelProvider model = new StubModelProvider();
    private final RunningApp app = RunningApp.start(Map.of("PE_WORKERS", "1", "PE_LEASE_SECONDS", "1"),
            model);

    @AfterEach
    void stop() {
        model.answerEverything();
        app.close();
    }

    @Test
    void givenSyncRequestInFlight_close_letsItCompleteThenRefusesConnections() throws Exception {
        int port = app.engine().port().orElseThrow();
        CompletableFuture<Api.Reply> inFlight = CompletableFuture.supplyAsync(() -> app.api().post(
                "/v1/prompt/execute", "{\"model\":\"" + StubModelProvider.MODEL + "\",\"input\":\"in flight\"}"));
        StubModelProvider.Call call = model.awaitCall("in flight");

        Thread closer = startClosing();
        Eventually.await("the stopping server to refuse new connections", () -> !accepts(port));
        assertThat(inFlight).isNotDone();
        call.answer();

        Api.Reply reply = inFlight.get(Eventually.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("output").asString()).isEqualTo(StubModelProvider.answerTo("in flight"));
        closer.join(Eventually.TIMEOUT.toMillis());
        assertThat(closer.isAlive()).as("close returned").isFalse();
        assertThat(accepts(port)).as("a closed server accepts connections").isFalse();

        app.restart();
        JsonNode stored = app.api().get("/v1/executions/" + reply.json().path("id").asString()).json();
        assertThat(stored.path("status").asString()).isEqualTo("completed");
    }

    @Test
    void givenRunningAndQueuedAsync_close_finishesTheRunningOneAndLeavesTheQueuedOneForTheNextStart()
            throws Exception {
        String running = submit("running at the stop");
        StubModelProvider.Call call = model.awaitCall("running at the stop");
        app.api().awaitStatus(running, "running");
        String queued = submit("queued at the stop");

        Thread closer = startClosing();
        // Answer only once the pool has stopped taking work, or the worker would go on to the queued execution.
        Eventually.await("the stop to wait for running executions", () -> isWaitingForWorkers(closer));
        call.answer();
        closer.join(Eventually.TIMEOUT.toMillis());
        assertThat(closer.isAlive()).as("close returned").isFalse();
        assertThat(model.wasCalledWith("queued at the stop")).as("queued work started during the stop").isFalse();

        app.restart();
        app.api().awaitStatus(running, "completed");
        assertThat(app.api().get("/v1/executions/" + queued + "/status").json().path("status").asString())
                .isIn("queued", "running");
        model.awaitCall("queued at the stop").answer();
        app.api().awaitStatus(queued, "completed");
        assertThat(app.api().get("/v1/executions/" + running).json().path("output").asString())
                .isEqualTo(StubModelProvider.answerTo("running at the stop"));
    }

    /**
     * A JVM cannot kill itself and go on testing, so the crash is the database files copied while one execution
     * runs and others wait (every store write is on disk when it returns, so the copy is what a killed process
     * leaves), and the restart is a new instance on that copy.
     */
    @Test
    void givenCrashWhileRunningAndQueued_restart_runsTheQueuedOnesAndReclaimsTheRunningOneAsAttemptTwo() {
        Api.Reply running = submitAccepted("running at the crash");
        model.awaitCall("running at the crash");
        String runningId = running.json().path("id").asString();
        app.api().awaitStatus(runningId, "running");
        Api.Reply firstQueued = submitAccepted("queued at the crash, first");
        Api.Reply secondQueued = submitAccepted("queued at the crash, second");

        Path image = app.diskImage();
        // What the doomed instance does from here on is lost with it; answering just lets it stop at once.
        model.answerEverything();
        int callsBeforeCrash = model.callsWith("running at the crash");
        app.restartFrom(image);

        for (Api.Reply queued : new Api.Reply[] {firstQueued, secondQueued}) {
            String id = queued.json().path("id").asString();
            app.api().awaitStatus(id, "completed");
            JsonNode execution = app.api().get("/v1/executions/" + id).json();
            assertThat(execution.path("output").asString())
                    .isEqualTo(StubModelProvider.answerTo(execution.path("input").asString()));
            assertThat(execution.path("attempts").asInt()).isEqualTo(1);
            assertThat(execution.path("request_id").asString()).isEqualTo(queued.requestId());
        }
        // the crashed instance's lease on it runs out (1 s here) and the new instance runs it again
        app.api().awaitStatus(runningId, "completed");
        JsonNode reclaimed = app.api().get("/v1/executions/" + runningId).json();
        assertThat(reclaimed.path("attempts").asInt()).isEqualTo(2);
        assertThat(reclaimed.path("output").asString()).isEqualTo(StubModelProvider.answerTo("running at the crash"));
        assertThat(model.callsWith("running at the crash")).as("called again: at least once, not exactly once")
                .isEqualTo(callsBeforeCrash + 1);
    }

    private Thread startClosing() {
        Thread closer = new Thread(app.engine()::close, "test-closer");
        closer.start();
        return closer;
    }

    /**
     * Whether {@code closer} is inside the dispatcher's wait for running work to end, which it reaches only after
     * the dispatcher stopped claiming work. There is no other signal of that moment to wait for.
     */
    private static boolean isWaitingForWorkers(Thread closer) {
        StackTraceElement[] stack = closer.getStackTrace();
        return Arrays.stream(stack).anyMatch(frame -> frame.getMethodName().equals("awaitEnded")
                && frame.getClassName().equals(QueueDispatcher.class.getName()));
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String submit(String input) {
        return submitAccepted(input).json().path("id").asString();
    }

    private Api.Reply submitAccepted(String input) {
        Api.Reply accepted = app.api().submit(StubModelProvider.MODEL, input);
        assertThat(accepted.status()).isEqualTo(202);
        return accepted;
    }
}
