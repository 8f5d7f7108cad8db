package io.promptengine.adapters.persistence;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.application.port.out.ExecutionStore;
import io.promptengine.domain.error.UnavailableException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.execution.ExecutionRequest;
import io.promptengine.domain.execution.ExecutionStatus;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.TenantId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The execution store's writes through its group-commit writer. To make a batch of known rows, a test occupies the
 * writer with a row that waits for {@link #release}, queues rows meanwhile and then releases it: the writer takes
 * everything queued as its next batch.
 */
@Timeout(60)
final class GroupCommitWriterTest {

    private static final TenantId TENANT = new TenantId("ten_writer");
    private static final Instant T0 = Instant.parse("2025-03-01T10:15:30.123456Z");
    /** Changes nothing; what matters is that binding it holds the writer. */
    private static final String NO_CHANGE = "UPDATE executions SET attempts = attempts WHERE id = ?";

    @TempDir
    Path directory;

    /** Keeps the migrated database open; the writers under test use connections of their own. */
    private Database database;
    private Jdbi jdbi;
    private GroupCommitWriter writer;
    private JdbiExecutionStore store;
    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void open() {
        database = TestDatabases.open(directory);
        jdbi = TestDatabases.jdbi(directory);
        writer = new GroupCommitWriter("test-writer", jdbi, new GroupDurability(Durability.H2_CHECKPOINT));
        store = new JdbiExecutionStore(jdbi, writer);
    }

    @AfterEach
    void close() {
        release.countDown();
        writer.close();
        callers.shutdownNow();
        database.close();
    }

    @Test
    void givenManyConcurrentInserts_everyRowIsReadableAfterwards() throws Exception {
        ExecutionStore executions = database.executions();
        List<Future<?>> inserts = new ArrayList<>();
        Set<String> expected = new HashSet<>();
        for (int thread = 0; thread < 32; thread++) {
            List<String> ids = new ArrayList<>();
            for (int row = 0; row < 40; row++) {
                ids.add("exec_" + thread + "_" + row);
            }
            expected.addAll(ids);
            inserts.add(callers.submit(() -> ids.forEach(id -> executions.insert(queued(id)))));
        }
        for (Future<?> insert : inserts) {
            insert.get(30, SECONDS);
        }

        assertThat(queuedIds(executions)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void givenDuplicateIdsInOneBatch_insert_failsOnlyTheirCallers() throws Exception {
        store.insert(queued("exec_taken"));
        occupy(writer);
        List<Future<?>> fresh = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            fresh.add(queueInsert("exec_" + i, fresh.size()));
        }
        Future<?> alreadyStored = queueInsert("exec_taken", 4);
        Future<?> twiceInBatch = queueInsert("exec_2", 5);
        fresh.add(queueInsert("exec_5", 6));
        release.countDown();

        for (Future<?> insert : fresh) {
            insert.get(30, SECONDS);
        }
        assertThatThrownBy(() -> alreadyStored.get(30, SECONDS))
                .satisfies(failure -> assertThat(UniqueViolation.causes(failure)).isTrue());
        assertThatThrownBy(() -> twiceInBatch.get(30, SECONDS))
                .satisfies(failure -> assertThat(UniqueViolation.causes(failure)).isTrue());
        assertThat(queuedIds(store)).containsExactlyInAnyOrder("exec_taken", "exec_1", "exec_2", "exec_3", "exec_4",
                "exec_5");
    }

    @Test
    void givenRowsWrittenInOneBatch_copyOfTheStillOpenFile_containsThem() throws Exception {
        occupy(writer);
        List<Future<?>> inserts = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            inserts.add(queueInsert("exec_" + i, inserts.size()));
        }
        release.countDown();
        for (Future<?> insert : inserts) {
            insert.get(30, SECONDS);
        }
        Path copy = copyOfTheDatabaseFile();

        try (Database recovered = TestDatabases.open(copy)) {
            assertThat(queuedIds(recovered.executions())).hasSize(10);
        }
    }

    @Test
    void givenWaitingCallers_close_writesTheirRowsBeforeReturning() throws Exception {
        occupy(writer);
        List<Future<?>> inserts = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            inserts.add(queueInsert("exec_" + i, inserts.size()));
        }
        Future<?> closing = callers.submit(writer::close);
        release.countDown();

        closing.get(30, SECONDS);
        for (Future<?> insert : inserts) {
            insert.get(30, SECONDS);
        }
        assertThat(queuedIds(database.executions())).hasSize(5);
    }

    @Test
    void givenClosedWriter_insert_isUnavailable() {
        writer.close();

        assertThatThrownBy(() -> store.insert(queued("exec_late"))).isInstanceOf(UnavailableException.class);
    }

    @Test
    void givenWriterStuckInABatch_close_failsTheWaitingCallersAsUnavailable() throws Exception {
        GroupCommitWriter stuck = new GroupCommitWriter("stuck-writer", jdbi,
                new GroupDurability(Durability.H2_CHECKPOINT), Duration.ofMillis(200));
        JdbiExecutionStore stuckStore = new JdbiExecutionStore(jdbi, stuck);
        occupy(stuck);
        List<Future<?>> waiting = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            String id = "exec_" + i;
            waiting.add(callers.submit(() -> stuckStore.insert(queued(id))));
            awaitQueued(stuck, i);
        }

        stuck.close();

        for (Future<?> insert : waiting) {
            assertThatThrownBy(() -> insert.get(30, SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(UnavailableException.class);
        }
    }

    @Test
    void givenClosedDatabase_insert_isUnavailable() {
        database.close();

        assertThatThrownBy(() -> database.executions().insert(queued("exec_late")))
                .isInstanceOf(UnavailableException.class);
    }

    /** Queues an insert behind {@code alreadyQueued} others and waits until it is in the queue. */
    private Future<?> queueInsert(String id, int alreadyQueued) throws InterruptedException {
        Future<?> insert = callers.submit(() -> store.insert(queued(id)));
        awaitQueued(writer, alreadyQueued + 1);
        return insert;
    }

    /** Gives {@code target} a row whose binding waits for {@link #release}, and returns once it is binding it. */
    private void occupy(GroupCommitWriter target) throws InterruptedException {
        CountDownLatch occupied = new CountDownLatch(1);
        callers.submit(() -> target.write(NO_CHANGE, statement -> {
            occupied.countDown();
            awaitRelease();
            statement.setString(1, "exec_none");
        }));
        assertThat(occupied.await(30, SECONDS)).isTrue();
    }

    private void awaitRelease() {
        try {
            assertThat(release.await(30, SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void awaitQueued(GroupCommitWriter target, int rows) throws InterruptedException {
        long deadline = System.nanoTime() + SECONDS.toNanos(30);
        while (target.queued() < rows) {
            assertThat(System.nanoTime()).as("%d rows queued in time", rows).isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    /** What a process killed right now would leave on disk. */
    private Path copyOfTheDatabaseFile() throws IOException {
        Path copy = Files.createDirectory(directory.resolve("copy"));
        Files.copy(directory.resolve("prompt-engine.mv.db"), copy.resolve("prompt-engine.mv.db"));
        return copy;
    }

    private static List<String> queuedIds(ExecutionStore executions) {
        return executions.findByStatus(ExecutionStatus.QUEUED, Optional.empty(), 10_000).stream()
                .map(execution -> execution.id().value())
                .toList();
    }

    private static Execution queued(String id) {
        ExecutionRequest request = new ExecutionRequest(TENANT, new ApiKeyId("key_writer"), Surface.EXECUTE_API,
                Optional.empty(), "local", "echo", "Say hello", ModelParameters.DEFAULTS, "req_" + id,
                Optional.empty());
        return Execution.queue(new ExecutionId(id), request, T0);
    }
}
