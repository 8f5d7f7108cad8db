package io.promptengine.adapters.persistence;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The execution store's writes through its group-commit writer. To make a batch of known rows, a test occupies the
 * writer with a row that waits for {@link #release} (its caller leads, so it is written on the caller's thread),
 * queues rows meanwhile and then releases it: the writer thread takes everything queued as its next batch.
 *
 * <p>The rows of table {@code gc_rows} record the thread that bound them, and their binding together with the
 * writer's durability step tells whether two batches ever ran at once: a batch's first row claims
 * {@link #batchThread} and its durability step gives it back, so a row bound by another thread meanwhile is an
 * overlap.
 */
@Timeout(60)
final class GroupCommitWriterTest {

    private static final TenantId TENANT = new TenantId("ten_writer");
    private static final Instant T0 = Instant.parse("2025-03-01T10:15:30.123456Z");
    /** Changes nothing; what matters is that binding it holds the writer. */
    private static final String NO_CHANGE = "UPDATE executions SET attempts = attempts WHERE id = ?";
    private static final String INSERT_ROW = "INSERT INTO gc_rows (id, bound_by) VALUES (?, ?)";
    private static final String WRITER_THREAD = "test-writer";

    @TempDir
    Path directory;

    /** Keeps the migrated database open; the writers under test use connections of their own. */
    private Database database;
    private Jdbi jdbi;
    private GroupCommitWriter writer;
    private JdbiExecutionStore store;
    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);
    /** The thread of the batch in progress, claimed by its first {@code gc_rows} row; see the class comment. */
    private final AtomicReference<Thread> batchThread = new AtomicReference<>();
    private final AtomicInteger overlaps = new AtomicInteger();
    private final AtomicInteger durabilitySteps = new AtomicInteger();

    @BeforeEach
    void open() {
        database = TestDatabases.open(directory);
        jdbi = TestDatabases.jdbi(directory);
        jdbi.useHandle(handle -> handle.execute(
                "CREATE TABLE gc_rows (id VARCHAR(64) PRIMARY KEY, bound_by VARCHAR(200) NOT NULL)"));
        writer = new GroupCommitWriter(WRITER_THREAD, jdbi, new GroupDurability(checkedCheckpoint()));
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

    @Test
    void givenIdleWriter_aLoneWrite_isBoundOnTheCallersThread() {
        AtomicReference<Thread> binder = new AtomicReference<>();

        int count = writer.write(INSERT_ROW, statement -> {
            binder.set(Thread.currentThread());
            bindRow(statement, "row_lone");
        });

        assertThat(count).isEqualTo(1);
        assertThat(binder).hasValue(Thread.currentThread());
        assertThat(boundBy()).containsExactly(Map.entry("row_lone", Thread.currentThread().getName()));
    }

    @Test
    void givenBatchInProgress_aWrite_isBoundByTheWriterThreadInTheNextBatch() throws Exception {
        AtomicReference<Thread> occupier = new AtomicReference<>();
        CountDownLatch occupied = new CountDownLatch(1);
        Future<?> first = callers.submit(() -> writer.write(INSERT_ROW, statement -> {
            occupier.set(Thread.currentThread());
            occupied.countDown();
            awaitRelease();
            bindRow(statement, "row_first");
        }));
        assertThat(occupied.await(30, SECONDS)).isTrue();
        AtomicReference<Thread> caller = new AtomicReference<>();
        Future<?> second = callers.submit(() -> {
            caller.set(Thread.currentThread());
            return writer.write(INSERT_ROW, statement -> bindRow(statement, "row_second"));
        });
        awaitQueued(writer, 1);
        release.countDown();

        first.get(30, SECONDS);
        second.get(30, SECONDS);
        assertThat(boundBy()).containsOnly(Map.entry("row_first", occupier.get().getName()),
                Map.entry("row_second", WRITER_THREAD));
        assertThat(caller.get().getName()).isNotEqualTo(WRITER_THREAD);
        assertThat(durabilitySteps).as("one step per batch").hasValue(2);
    }

    @Test
    void givenManyConcurrentWriters_everyWriteCompletes_andBatchesNeverOverlap() throws Exception {
        int threads = 32;
        int writesEach = 500;

        List<Future<Integer>> writers = startWriters(threads, writesEach, (thread, i) -> "row_" + thread + "_" + i);

        int written = 0;
        for (Future<Integer> each : writers) {
            written += each.get(50, SECONDS);
        }
        assertThat(written).isEqualTo(threads * writesEach);
        Map<String, String> rows = boundBy();
        assertThat(rows).hasSize(threads * writesEach);
        assertThat(overlaps).as("rows bound while another batch was in progress").hasValue(0);
        assertThat(durabilitySteps.get()).as("batches formed").isLessThan(threads * writesEach);
        assertThat(rows.values()).as("rows queued behind a batch").contains(WRITER_THREAD);
    }

    @Test
    void givenFailingRowsAmidConcurrentWrites_onlyTheirCallersFail() throws Exception {
        for (int i = 0; i < 8; i++) {
            String id = "row_taken_" + i;
            writer.write(INSERT_ROW, statement -> bindRow(statement, id));
        }
        Map<String, Throwable> failures = new ConcurrentHashMap<>();
        List<Future<Integer>> writers = new ArrayList<>();
        for (int thread = 0; thread < 8; thread++) {
            int self = thread;
            writers.add(callers.submit(() -> {
                int written = 0;
                for (int i = 0; i < 200; i++) {
                    String id = i % 50 == 25 ? "row_taken_" + self : "row_" + self + "_" + i;
                    try {
                        written += writer.write(INSERT_ROW, statement -> bindRow(statement, id));
                    } catch (RuntimeException e) {
                        failures.put(self + "/" + i, e);
                    }
                }
                return written;
            }));
        }

        int written = 0;
        for (Future<Integer> each : writers) {
            written += each.get(50, SECONDS);
        }
        assertThat(failures).hasSize(8 * 4);
        assertThat(failures.keySet()).allMatch(key -> Integer.parseInt(key.split("/")[1]) % 50 == 25);
        assertThat(failures.values()).allMatch(UniqueViolation::causes);
        assertThat(written).isEqualTo(8 * 196);
        assertThat(boundBy()).hasSize(8 + 8 * 196);
    }

    @Test
    void givenConcurrentWriters_close_completesOrRefusesEveryCaller() throws Exception {
        Set<String> succeeded = ConcurrentHashMap.newKeySet();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch someWritten = new CountDownLatch(200);
        List<Future<?>> writers = new ArrayList<>();
        for (int thread = 0; thread < 16; thread++) {
            int self = thread;
            writers.add(callers.submit(() -> {
                for (int i = 0; ; i++) {
                    String id = "row_" + self + "_" + i;
                    try {
                        writer.write(INSERT_ROW, statement -> bindRow(statement, id));
                    } catch (UnavailableException e) {
                        refused.incrementAndGet();
                        return;
                    }
                    succeeded.add(id);
                    someWritten.countDown();
                }
            }));
        }
        assertThat(someWritten.await(30, SECONDS)).isTrue();

        writer.close();

        for (Future<?> each : writers) {
            each.get(30, SECONDS);
        }
        assertThat(refused).hasValue(16);
        assertThat(boundBy().keySet()).as("the rows of every caller told they were written, and only those")
                .containsExactlyInAnyOrderElementsOf(succeeded);
    }

    @Test
    void givenInterruptedCaller_write_isWrittenAndTheInterruptKept() {
        Thread.currentThread().interrupt();

        int count;
        try {
            count = writer.write(INSERT_ROW, statement -> bindRow(statement, "row_interrupted"));
        } finally {
            assertThat(Thread.interrupted()).as("interrupt restored").isTrue();
        }

        assertThat(count).isEqualTo(1);
        assertThat(boundBy()).containsOnlyKeys("row_interrupted");
    }

    @Test
    void givenCallerInterruptedWhileLeading_itsBatch_isWrittenAndMadeDurable() throws Exception {
        int count;
        try {
            count = writer.write(INSERT_ROW, statement -> {
                bindRow(statement, "row_interrupted");
                Thread.currentThread().interrupt();
            });
        } finally {
            assertThat(Thread.interrupted()).as("interrupt restored").isTrue();
        }

        assertThat(count).isEqualTo(1);
        assertThat(durabilitySteps).hasValue(1);
        Jdbi recovered = TestDatabases.jdbi(copyOfTheDatabaseFile());
        List<String> ids = recovered.withHandle(handle -> handle.select("SELECT id FROM gc_rows")
                .mapTo(String.class).list());
        assertThat(ids).containsExactly("row_interrupted");
    }

    @Test
    void givenCallerInterruptedBeforeWaitingForAPoolConnection_itsWrite_waitsAndSucceeds() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(Database.withH2Settings(TestDatabases.url(directory)));
        config.setMaximumPoolSize(1);
        config.setConnectionTimeout(SECONDS.toMillis(20));
        try (HikariDataSource pool = new HikariDataSource(config)) {
            GroupCommitWriter pooled = new GroupCommitWriter("pooled-writer", Jdbi.create(pool),
                    new GroupDurability(Durability.H2_CHECKPOINT));
            try {
                Connection taken = pool.getConnection();
                AtomicReference<Thread> caller = new AtomicReference<>();
                Future<Boolean> interruptedAfterwards = callers.submit(() -> {
                    caller.set(Thread.currentThread());
                    Thread.currentThread().interrupt();
                    pooled.write(INSERT_ROW, statement -> bindRow(statement, "row_pooled"));
                    return Thread.interrupted();
                });
                awaitWaiting(caller, interruptedAfterwards);
                taken.close();

                assertThat(interruptedAfterwards.get(30, SECONDS)).as("interrupt restored").isTrue();
                assertThat(boundBy()).containsOnlyKeys("row_pooled");
            } finally {
                pooled.close();
            }
        }
    }

    @Test
    void givenVirtualThreads_concurrentWrites_allComplete_andLeadFromJdk24() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads exist from JDK 21");
        ExecutorService virtual = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor")
                .invoke(null);
        try {
            AtomicReference<Thread> caller = new AtomicReference<>();
            AtomicReference<Thread> binder = new AtomicReference<>();
            virtual.submit(() -> {
                caller.set(Thread.currentThread());
                return writer.write(INSERT_ROW, statement -> {
                    binder.set(Thread.currentThread());
                    bindRow(statement, "row_lone");
                });
            }).get(30, SECONDS);
            if (Runtime.version().feature() >= 24) {
                assertThat(binder).as("leads: no pinning since JEP 491").hasValue(caller.get());
            } else {
                assertThat(binder.get().getName()).as("handed to the writer thread").isEqualTo(WRITER_THREAD);
            }

            List<Future<Integer>> writes = new ArrayList<>();
            for (int thread = 0; thread < 32; thread++) {
                int self = thread;
                writes.add(virtual.submit(() -> {
                    int written = 0;
                    for (int i = 0; i < 100; i++) {
                        String id = "row_" + self + "_" + i;
                        written += writer.write(INSERT_ROW, statement -> bindRow(statement, id));
                    }
                    return written;
                }));
            }
            int written = 0;
            for (Future<Integer> each : writes) {
                written += each.get(50, SECONDS);
            }
            assertThat(written).isEqualTo(32 * 100);
            assertThat(boundBy()).hasSize(1 + 32 * 100);
            assertThat(overlaps).hasValue(0);
        } finally {
            virtual.shutdownNow();
        }
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

    /** {@code threads} callers each writing {@code writesEach} rows; each future returns its caller's row count. */
    private List<Future<Integer>> startWriters(int threads, int writesEach, BiFunction<Integer, Integer, String> id) {
        List<Future<Integer>> writers = new ArrayList<>();
        for (int thread = 0; thread < threads; thread++) {
            int self = thread;
            writers.add(callers.submit(() -> {
                int written = 0;
                for (int i = 0; i < writesEach; i++) {
                    String rowId = id.apply(self, i);
                    written += writer.write(INSERT_ROW, statement -> bindRow(statement, rowId));
                }
                return written;
            }));
        }
        return writers;
    }

    /** Binds a {@code gc_rows} row, claiming the batch for this thread; see the class comment. */
    private void bindRow(PreparedStatement statement, String id) throws SQLException {
        Thread current = Thread.currentThread();
        Thread owner = batchThread.compareAndExchange(null, current);
        if (owner != null && owner != current) {
            overlaps.incrementAndGet();
        }
        statement.setString(1, id);
        statement.setString(2, current.getName());
    }

    /** H2's checkpoint, ending the batch that claimed {@link #batchThread}. */
    private Durability checkedCheckpoint() {
        return handle -> {
            Thread current = Thread.currentThread();
            Thread owner = batchThread.compareAndExchange(current, null);
            if (owner != null && owner != current) {
                overlaps.incrementAndGet();
            }
            durabilitySteps.incrementAndGet();
            Durability.H2_CHECKPOINT.afterWrite(handle);
        };
    }

    /** The {@code gc_rows} rows: id and the name of the thread that bound it. */
    private Map<String, String> boundBy() {
        return jdbi.withHandle(handle -> handle.select("SELECT id, bound_by FROM gc_rows")
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2))).list())
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** Returns once {@code thread} waits (for a pool connection, here) or its {@code task} has ended. */
    private static void awaitWaiting(AtomicReference<Thread> thread, Future<?> task) throws InterruptedException {
        long deadline = System.nanoTime() + SECONDS.toNanos(30);
        while (!task.isDone() && (thread.get() == null || thread.get().getState() != Thread.State.TIMED_WAITING)) {
            assertThat(System.nanoTime()).as("caller waiting in time").isLessThan(deadline);
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
