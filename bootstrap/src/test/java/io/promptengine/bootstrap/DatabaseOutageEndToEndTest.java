package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL server stopped for ten seconds under a running instance: every request that needs the database is
 * answered 503 {@code unavailable} (never a 200 for an execution that was not stored, never a 500), readiness
 * fails, the process keeps serving, and once the server is back on the same port and data the instance serves
 * again by itself, with everything it answered before still there.
 */
class DatabaseOutageEndToEndTest {

    private static final String EXECUTE = "/v1/prompt/execute";
    private static final String BODY = "{\"model\":\"echo\",\"input\":\"Keep me\"}";
    private static final Duration OUTAGE = Duration.ofSeconds(10);

    @TempDir
    Path directory;

    @Test
    void givenDatabaseStoppedForTenSeconds_requestsAre503AndTheInstanceRecoversByItself() {
        try (TestPostgres postgres = TestPostgres.own(directory.resolve("pgdata"))) {
            Map<String, String> settings = new HashMap<>(postgres.settingsFor(postgres.createDatabase()));
            settings.put("PE_DB_CONNECTION_TIMEOUT", "500ms");
            settings.put("PE_DEMO_PLAN", "enterprise");
            try (RunningApp app = RunningApp.start(settings)) {
                Api api = app.api();
                Api.Reply before = api.post(EXECUTE, BODY);
                assertThat(before.status()).isEqualTo(200);
                String storedBefore = before.json().path("id").asString();

                postgres.stop();
                long outageEnds = System.nanoTime() + OUTAGE.toNanos();
                List<Integer> answers = new ArrayList<>();
                int readyFailures = 0;
                while (System.nanoTime() - outageEnds < 0) {
                    Api.Reply executed = api.post(EXECUTE, BODY);
                    answers.add(executed.status());
                    if (executed.status() == 503) {
                        assertThat(executed.errorCode()).isEqualTo("unavailable");
                    }
                    Api.Reply ready = api.get("/health/ready");
                    readyFailures += ready.status() == 503 ? 1 : 0;
                    assertThat(api.get("/health/live").status()).isEqualTo(200);
                }
                postgres.start();

                // the first request may still be admitted on the key cached before the stop, and its execution
                // fails to be stored: whatever the moment, the answer is never a 200 nor a 500 while it is down
                assertThat(answers).isNotEmpty().allMatch(status -> status == 503);
                assertThat(readyFailures).isPositive();

                Api.Reply after = Eventually.await("the instance to serve again", () -> api.post(EXECUTE, BODY),
                        reply -> reply.status() == 200);
                assertThat(api.get("/health/ready").status()).isEqualTo(200);
                assertThat(api.get("/v1/executions/" + storedBefore).json().path("status").asString())
                        .isEqualTo("completed");
                assertThat(api.get("/v1/executions/" + after.json().path("id").asString()).status())
                        .isEqualTo(200);
            }
        }
    }
}
