package io.promptengine.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.promptengine.application.model.ExecutionFilter;
import io.promptengine.application.port.out.ExecutionStore;
import io.promptengine.application.port.out.ExecutionStoreContract;
import io.promptengine.application.port.out.PageCursor;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.execution.ExecutionRequest;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.Message;
import io.promptengine.domain.prompt.ModelParameters;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(TestDatabases.Engine.class)
final class JdbiExecutionStoreTest extends ExecutionStoreContract {

    @Parameter
    TestDatabases.Engine engine;

    @TempDir
    Path directory;

    private Database database;

    @Override
    protected ExecutionStore newStore() {
        database = engine.open(directory);
        return database.executions();
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Test
    void givenRowWrittenWithoutTheDetailColumns_find_hasNoCacheOrReasoningTokens() {
        store().insert(queued("exec_now", TENANT, Instant.parse("2025-03-01T10:15:30Z")));
        // a row as a version before V12 wrote it: its tokens, none of their details
        engine.jdbi(directory).useHandle(handle -> handle.execute("INSERT INTO executions (id, tenant_id, "
                + "api_key_id, source, provider, model, input, status, output_text, finish_reason, input_tokens, "
                + "output_tokens, total_tokens, cache_hit, attempts, request_id, created_at, started_at, "
                + "completed_at) SELECT 'exec_old', tenant_id, api_key_id, source, provider, model, input, "
                + "'completed', 'hi', 'stop', 12, 5, 17, FALSE, 1, 'req_old', created_at, created_at, created_at "
                + "FROM executions WHERE id = 'exec_now'"));

        Execution old = store().find(new ExecutionId("exec_old")).orElseThrow();

        assertThat(old.usage()).isEqualTo(new Usage(12, 5));
    }

    @Test
    void givenChatMessages_find_returnsThemInOrderWithTheirRolesAndText() {
        Execution queued = queued("exec_chat", TENANT, Instant.parse("2025-03-01T10:15:30Z"));
        ExecutionRequest request = queued.request();
        List<Message> messages = List.of(Message.system("Be brief.\nVery brief."), Message.user("héllo 👋"),
                Message.assistant(""), Message.user("user 5\nnot a header: 12\n"));
        Execution chat = Execution.queue(queued.id(), new ExecutionRequest(request.tenantId(), request.apiKeyId(),
                Surface.CHAT_API, Optional.empty(), request.provider(), request.model(), "last", ModelParameters.DEFAULTS,
                request.requestId(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), messages), queued.createdAt());
        store().insert(chat);

        ExecutionRequest found = store().find(chat.id()).orElseThrow().request();

        assertThat(found.messages()).containsExactlyElementsOf(messages);
        assertThat(found.source()).isEqualTo(Surface.CHAT_API);
        assertThat(store().find(queued("exec_plain", TENANT, queued.createdAt()).id())).isEmpty();
    }

    @Test
    void givenAnExecutionOfAnotherSurface_find_hasNoChatMessages() {
        Execution plain = queued("exec_plain", TENANT, Instant.parse("2025-03-01T10:15:30Z"));
        store().insert(plain);

        assertThat(store().find(plain.id()).orElseThrow().request().messages()).isEmpty();
    }

    @Test
    void givenNanosecondInstants_find_truncatesThemToMicroseconds() {
        Instant created = Instant.parse("2025-03-01T10:15:30.123456999Z");
        Execution running = queued("exec_nanos", TENANT, created).start(created.plusNanos(1));
        store().insert(running);

        Execution found = store().find(running.id()).orElseThrow();

        assertThat(found.createdAt()).isEqualTo(Instant.parse("2025-03-01T10:15:30.123456Z"));
        assertThat(found.startedAt()).contains(Instant.parse("2025-03-01T10:15:30.123457Z"));
    }

    @Test
    void givenCursorFromTruncatedRow_list_continuesAfterIt() {
        Instant created = Instant.parse("2025-03-01T10:15:30.999999999Z");
        store().insert(queued("exec_1", TENANT, created));
        store().insert(queued("exec_2", TENANT, created));

        var first = store().list(TENANT, ExecutionFilter.NONE, Optional.empty(), 1);
        var second = store().list(TENANT, ExecutionFilter.NONE, first.next(), 1);

        assertThat(first.next()).contains(new PageCursor(Instant.parse("2025-03-01T10:15:30.999999Z"),
                new ExecutionId("exec_2")));
        assertThat(second.items()).extracting(Execution::id).containsExactly(new ExecutionId("exec_1"));
    }

    @Test
    void givenMegabyteInput_find_returnsItWhole() {
        String input = "x".repeat(1_048_576);
        Execution queued = queued("exec_big", TENANT, Instant.parse("2025-03-01T10:15:30Z"));
        ExecutionRequest request = queued.request();
        Execution big = Execution.queue(queued.id(), new ExecutionRequest(request.tenantId(), request.apiKeyId(),
                request.source(), request.promptVersionId(), request.provider(), request.model(), input,
                ModelParameters.DEFAULTS, request.requestId(), request.idempotencyKey()), queued.createdAt());
        store().insert(big);

        assertThat(store().find(big.id()).orElseThrow().request().input()).isEqualTo(input);
    }
    @Test
    void retention_deletesEndedExecutionsOlderThanTheAgeInBatchesAndKeepsTheRest() {
        Instant now = Instant.parse("2025-03-31T00:00:00Z");
        Instant old = now.minus(Duration.ofDays(31));
        int oldEnded = ExecutionRetention.BATCH + 5;
        for (int i = 0; i < oldEnded; i++) {
            store().insert(queued("exec_old_" + i, TENANT, old.plusSeconds(i)).cancel(old.plusSeconds(i)));
        }
        Execution oldQueued = queued("exec_old_queued", TENANT, old);
        Execution recent = queued("exec_recent", TENANT, now.minus(Duration.ofDays(29))).cancel(now);
        store().insert(oldQueued);
        store().insert(recent);

        try (ExecutionRetention retention = database.startRetention(Duration.ofDays(30), Duration.ofDays(1),
                () -> Instant.parse("2000-01-01T00:00:00Z"))) {
            assertThat(retention.purge(now)).isEqualTo(oldEnded);
            assertThat(retention.purge(now)).isZero();
        }

        assertThat(store().find(new ExecutionId("exec_old_0"))).isEmpty();
        assertThat(store().find(oldQueued.id())).isPresent();
        assertThat(store().find(recent.id())).isPresent();
    }

    @Test
    void retention_runningOnTwoInstancesAtOnce_deletesEachRowOnce() throws Exception {
        // an H2 file belongs to one process: two instances share a database only on PostgreSQL
        assumeTrue(engine == TestDatabases.Engine.POSTGRESQL);
        Instant now = Instant.parse("2025-03-31T00:00:00Z");
        Instant old = now.minus(Duration.ofDays(60));
        int oldEnded = 3 * ExecutionRetention.BATCH;
        for (int i = 0; i < oldEnded; i++) {
            store().insert(queued("exec_old_" + i, TENANT, old.plusMillis(i)).cancel(old.plusMillis(i)));
        }
        Database other = engine.open(directory);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (ExecutionRetention mine = database.startRetention(Duration.ofDays(30), Duration.ofDays(1), () -> old);
                ExecutionRetention theirs = other.startRetention(Duration.ofDays(30), Duration.ofDays(1), () -> old)) {
            Future<Long> first = threads.submit(() -> mine.purge(now));
            Future<Long> second = threads.submit(() -> theirs.purge(now));

            assertThat(first.get() + second.get()).isEqualTo(oldEnded);
        } finally {
            threads.shutdownNow();
            other.close();
        }
        assertThat(store().list(TENANT, ExecutionFilter.NONE, Optional.empty(), 10).items()).isEmpty();
    }
    @Test
    void retentionStarted_deletesOldExecutionsInTheBackground() throws InterruptedException {
        Instant now = Instant.parse("2025-03-31T00:00:00Z");
        Execution old = queued("exec_old", TENANT, now.minus(Duration.ofDays(40))).cancel(now);
        store().insert(old);

        try (ExecutionRetention retention = database.startRetention(Duration.ofDays(30), Duration.ofMillis(20),
                () -> now)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (store().find(old.id()).isPresent() && System.nanoTime() - deadline < 0) {
                Thread.sleep(10);
            }
        }

        assertThat(store().find(old.id())).isEmpty();
    }
}
