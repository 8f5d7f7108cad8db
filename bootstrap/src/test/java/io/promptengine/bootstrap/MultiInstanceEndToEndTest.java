package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Two instances of the real application on one PostgreSQL database, as two processes behind a load balancer would
 * run: limits hold across them, and a revocation or deactivation made on one is seen on the other within a second.
 */
class MultiInstanceEndToEndTest {

    private static final String EXECUTE = "/v1/prompt/execute";
    private static final String BODY = "{\"model\":\"echo\",\"input\":\"Count me\"}";
    /** What the product promises: a change is seen everywhere within this (keys and tenants are cached 0.5 s). */
    private static final Duration PROPAGATION = Duration.ofSeconds(1);

    private static RunningApp first;
    private static RunningApp second;
    private static Operator operator;

    @BeforeAll
    static void start() {
        Map<String, String> database = TestPostgres.freshDatabase();
        first = RunningApp.start(database);
        second = RunningApp.start(database);
        operator = new Operator(first);
    }

    @AfterAll
    static void stop() {
        second.close();
        first.close();
    }

    @Test
    void givenKeyLimitN_fiveTimesNConcurrentRequestsOverBothInstances_exactlyNSucceed() throws Exception {
        operator.createTenant("limited", "enterprise");
        Api manager = first.api().withKey(operator.issueKey("limited", "manage"));
        int limit = 10;
        String secret = manager.post("/v1/api-keys", "{\"name\":\"capped\",\"scopes\":[\"execute\"],"
                + "\"requests_per_minute\":" + limit + "}").json().path("secret").asString();
        List<Api> instances = List.of(first.api().withKey(secret), second.api().withKey(secret));

        ExecutorService threads = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        try {
            for (int i = 0; i < 5 * limit; i++) {
                Api instance = instances.get(i % 2);
                statuses.add(threads.submit(() -> {
                    go.await();
                    return instance.post(EXECUTE, BODY).status();
                }));
            }
            go.countDown();
            List<Integer> answered = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                answered.add(status.get());
            }

            assertThat(answered).filteredOn(status -> status == 200).hasSize(limit);
            assertThat(answered).filteredOn(status -> status == 429).hasSize(4 * limit);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void givenKeyCachedOnTheOtherInstance_revokedOnOne_isRefusedOnTheOtherWithinASecond() {
        operator.createTenant("revoking", "pro");
        Api manager = first.api().withKey(operator.issueKey("revoking", "manage"));
        JsonNode key = manager.post("/v1/api-keys", "{\"name\":\"victim\",\"scopes\":[\"read\"]}").json();
        Api onSecond = second.api().withKey(key.path("secret").asString());
        assertThat(onSecond.get("/v1/executions").status()).isEqualTo(200);

        assertThat(manager.delete("/v1/api-keys/" + key.path("id").asString()).status()).isBetween(200, 204);

        seenWithin(PROPAGATION, () -> onSecond.get("/v1/executions").status(), 401);
    }

    @Test
    void givenTenantCachedOnTheOtherInstance_deactivatedOnOne_isRefusedOnTheOtherWithinASecond() {
        operator.createTenant("leaving", "pro");
        Api onSecond = second.api().withKey(operator.issueKey("leaving", "read"));
        assertThat(onSecond.get("/v1/executions").status()).isEqualTo(200);

        assertThat(first.admin().patch("/v1/admin/tenants/leaving", "{\"active\":false}").status()).isEqualTo(200);

        seenWithin(PROPAGATION, () -> onSecond.get("/v1/executions").status(), 403);
    }

    /** Polls until {@code probe} answers {@code expected}; fails if it still has not when {@code bound} is over. */
    private static void seenWithin(Duration bound, IntSupplier probe, int expected) {
        long deadline = System.nanoTime() + bound.toNanos();
        int last;
        do {
            last = probe.getAsInt();
            if (last == expected) {
                return;
            }
            pause();
        } while (System.nanoTime() - deadline < 0);
        fail("still answered %d, not %d, %s after the change", last, expected, bound);
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
