package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Several instances on one PostgreSQL behave as one queue: every async execution is completed exactly once
 * whichever instance took it, an instance killed mid-call leaves its executions to the others (attempt 2), and a
 * database outage pauses the work without losing any.
 */
class MultiInstanceQueueTest {

    private static final String MODEL = QueueModelProvider.MODEL;

    /** Leases of 2 s, so that a killed instance's executions are reclaimed within seconds. */
    private final QueueCluster cluster = new QueueCluster(Map.of("PE_LEASE_SECONDS", "2", "PE_QUEUE_POLL_MS", "100"));

    @AfterEach
    void stopEverything() throws Exception {
        cluster.close();
    }

    @Test
    void givenTenThousandAsyncExecutionsOverTwoInstances_everyOneIsCompletedExactlyOnce() throws Exception {
        String url = TestPostgres.freshDatabaseUrl();
        QueueModelProvider firstModel = QueueModelProvider.answering(Duration.ZERO);
        QueueModelProvider secondModel = QueueModelProvider.answering(Duration.ZERO);
        PromptEngine first = cluster.start(url, List.of(firstModel), Map.of("PE_WORKERS", "16"));
        cluster.liftDemoLimits(first.port().orElseThrow());
        PromptEngine second = cluster.start(url, List.of(secondModel), Map.of("PE_WORKERS", "16"));
        int total = 10_000;

        cluster.submit(total, i -> i % 2 == 0 ? first.port().orElseThrow() : second.port().orElseThrow(), MODEL, "job-");

        QueueCluster.awaitCount(url, "SELECT COUNT(*) FROM executions WHERE status = 'completed'", total);
        assertThat(QueueCluster.count(url, "SELECT COUNT(*) FROM executions")).isEqualTo(total);
        assertThat(QueueCluster.count(url, "SELECT COUNT(*) FROM executions WHERE attempts <> 1")).isZero();
        Map<String, Integer> calls = new HashMap<>(firstModel.calls());
        secondModel.calls().forEach((prompt, n) -> calls.merge(prompt, n, Integer::sum));
        assertThat(calls).hasSize(total);
        assertThat(calls.values()).as("model calls per execution, over both instances").containsOnly(1);
        assertThat(firstModel.calls()).as("executions the first instance ran").isNotEmpty();
        assertThat(secondModel.calls()).as("executions the second instance ran").isNotEmpty();
    }

    @Test
    void givenInstanceKilledMidCall_itsExecutionsCompleteOnTheOtherAsAttemptTwo() throws Exception {
        String url = TestPostgres.freshDatabaseUrl();
        QueueModelProvider model = QueueModelProvider.answering(Duration.ZERO);
        PromptEngine survivor = cluster.start(url, List.of(model), Map.of("PE_WORKERS", "4"));
        cluster.liftDemoLimits(survivor.port().orElseThrow());
        Process doomed = cluster.startProcess(url, Map.of("PE_WORKERS", "8"));
        int doomedPort = QueueCluster.port(doomed);
        String doomedOwner = "pe-" + doomed.pid() + "-%";

        cluster.submit(40, i -> doomedPort, MODEL, "kill-");
        // the doomed instance's model never answers: what it claimed is running there until it dies
        QueueCluster.awaitCount(url, "SELECT COUNT(*) FROM executions WHERE status = 'running' AND lease_owner LIKE '"
                + doomedOwner + "'", 8);
        List<String> heldByTheDoomed = QueueCluster.ids(url, "SELECT id FROM executions WHERE status = 'running' AND "
                + "lease_owner LIKE '" + doomedOwner + "'");
        doomed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        QueueCluster.awaitCount(url, "SELECT COUNT(*) FROM executions WHERE status = 'completed'", 40);
        assertThat(QueueCluster.count(url, "SELECT COUNT(*) FROM executions WHERE status = 'running'")).isZero();
        assertThat(QueueCluster.ids(url, "SELECT id FROM executions WHERE attempts = 2"))
                .containsExactlyInAnyOrderElementsOf(heldByTheDoomed);
        assertThat(QueueCluster.count(url, "SELECT COUNT(*) FROM executions WHERE attempts = 1")).isEqualTo(32);
        assertThat(model.calls()).hasSize(40);
        assertThat(model.calls().values()).as("calls that answered, per execution").containsOnly(1);
    }

    @Test
    void givenDatabaseStoppedForTenSecondsMidRun_everythingAcceptedBeforeIsFinishedAfter() throws Exception {
        TestPostgres database = TestPostgres.dedicated();
        cluster.closeLater(database);
        String url = database.newDatabaseUrl();
        QueueModelProvider model = QueueModelProvider.answering(Duration.ofMillis(100));
        PromptEngine first = cluster.start(url, List.of(model), Map.of("PE_WORKERS", "4"));
        cluster.liftDemoLimits(first.port().orElseThrow());
        PromptEngine second = cluster.start(url, List.of(model), Map.of("PE_WORKERS", "4"));
        int total = 400;
        cluster.submit(total, i -> i % 2 == 0 ? first.port().orElseThrow() : second.port().orElseThrow(), MODEL, "outage-");
        QueueCluster.awaitCount(url, "SELECT COUNT(*) FROM executions WHERE status = 'completed'", 20);
        assertThat(QueueCluster.count(url, "SELECT COUNT(*) FROM executions WHERE status = 'completed'"))
                .as("work left for after the outage").isLessThan(total);

        database.stop();
        Thread.sleep(10_000);
        database.start();

        QueueCluster.awaitCount(url, "SELECT COUNT(*) FROM executions WHERE status = 'completed'", total);
        assertThat(QueueCluster.count(url, "SELECT COUNT(*) FROM executions WHERE status <> 'completed'")).isZero();
        assertThat(model.calls()).hasSize(total);
        for (PromptEngine instance : List.of(first, second)) {
            assertThat(cluster.send(instance.port().orElseThrow(), "GET", "/health/ready", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void givenExecutionRunningOnOneInstance_cancelThroughAnother_interruptsItsModelCallThere() throws Exception {
        String url = TestPostgres.freshDatabaseUrl();
        QueueModelProvider hanging = QueueModelProvider.hanging();
        PromptEngine runner = cluster.start(url, List.of(hanging), Map.of("PE_WORKERS", "1"));
        HttpResponse<String> queued = cluster.send(runner.port().orElseThrow(), "POST", "/v1/prompt/execute",
                "{\"model\":\"" + QueueModelProvider.MODEL + "\",\"input\":\"cancel me\",\"async\":true}");
        String id = Api.JSON.readTree(queued.body()).path("id").asString();
        QueueCluster.awaitCount(url, "SELECT COUNT(*) FROM executions WHERE status = 'running'", 1);
        PromptEngine other = cluster.start(url, List.of(QueueModelProvider.answering(Duration.ZERO)),
                Map.of("PE_WORKERS", "1"));

        HttpResponse<String> cancelled = cluster.send(other.port().orElseThrow(), "POST", "/v1/executions/" + id + "/cancel",
                null);

        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        Eventually.await("the running instance to interrupt the cancelled call at its next heartbeat",
                () -> hanging.interruptions() == 1);
        assertThat(QueueCluster.count(url, "SELECT COUNT(*) FROM executions WHERE status = 'cancelled'")).isEqualTo(1);
        HttpResponse<String> status = cluster.send(runner.port().orElseThrow(), "GET", "/v1/executions/" + id + "/status", null);
        assertThat(Api.JSON.readTree(status.body()).path("status").asString())
                .isEqualTo("cancelled");
    }


    @Test
    void givenWorkStillRunningAfterTheGrace_cleanStop_putsItBackForAnotherInstanceAtOnce() throws Exception {
        String url = TestPostgres.freshDatabaseUrl();
        QueueModelProvider hanging = QueueModelProvider.hanging();
        // leases far longer than the test: only the release can hand the execution over this soon
        Map<String, String> longLease = Map.of("PE_WORKERS", "1", "PE_LEASE_SECONDS", "600");
        PromptEngine stopping = cluster.start(url, List.of(hanging), longLease);
        cluster.liftDemoLimits(stopping.port().orElseThrow());
        cluster.submit(1, i -> stopping.port().orElseThrow(), MODEL, "stop-");
        QueueCluster.awaitCount(url, "SELECT COUNT(*) FROM executions WHERE status = 'running'", 1);

        stopping.close();

        assertThat(hanging.interruptions()).isEqualTo(1);
        assertThat(QueueCluster.count(url, "SELECT COUNT(*) FROM executions WHERE status = 'queued' AND attempts = 1"))
                .isEqualTo(1);
        cluster.start(url, List.of(QueueModelProvider.answering(Duration.ZERO)), longLease);
        QueueCluster.awaitCount(url, "SELECT COUNT(*) FROM executions WHERE status = 'completed' AND attempts = 2", 1);
    }
}
