package io.promptengine.adapters.persistence;

import io.promptengine.domain.error.UnavailableException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Group commit. Callers queue single-row writes; one batch at a time takes everything waiting, up to
 * {@link #MAX_BATCH} rows, writes them in one transaction with one prepared statement per run of equal SQL, runs
 * one durability step for all of them and then releases each caller with its own update count. If a batch fails,
 * its rows are written again one by one, so a bad row fails only its own caller.
 *
 * <p>Who writes a batch: a caller whose row finds no batch being written <em>leads</em>: it writes its row, with
 * whatever else is queued, on its own thread, so a lone write costs no hand-off between threads. While a batch is
 * being written, by a leader or by the writer thread, newcomers queue and wait; when the batch ends, the writer
 * thread takes what queued meanwhile as the next batch. Batches therefore grow with concurrency and never by
 * waiting. A leader holds off its thread's interrupt while it writes, since the batch may hold other callers'
 * rows, and restores it afterwards.
 *
 * <p>A virtual thread leads only from JDK 24 on: H2 does its work inside {@code synchronized}, which on JDK 21 to
 * 23 pins a virtual thread's carrier for the whole batch (JEP 491 removed that in 24), so there a virtual caller
 * hands its row to the writer thread. The code compiles with {@code --release 17}, so {@code Thread.isVirtual}
 * (JDK 21) is reached through a method handle, looked up once.
 *
 * <p>A write may carry a <em>follow-up</em>: a second statement that runs in the same transaction, after the
 * batch's statements, only when its own statement changed a row (the outbox rows of an execution's end, say), so
 * the two commit or fail together.
 *
 * <p>Rows are written in the order they were queued, within one transaction, so a later row sees an earlier one.
 * The queue is bounded: when it is full a caller waits, as long as it would for a pool connection, and then gets
 * an {@link UnavailableException}. {@link #close} refuses further writes and waits for the batch being written
 * and for what is queued.
 */
final class GroupCommitWriter implements AutoCloseable {

    /** Binds one row's parameters to the statement that writes it. */
    @FunctionalInterface
    interface Row {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private static final int MAX_BATCH = 256;
    private static final int CAPACITY = 4 * MAX_BATCH;
    private static final long QUEUE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    /** {@code Thread.isVirtual} where a virtual thread must not lead (JDK 21 to 23), otherwise empty. */
    private static final Optional<MethodHandle> IS_VIRTUAL = Runtime.version().feature() >= 24
            ? Optional.empty()
            : isVirtualMethod();

    private final Jdbi jdbi;
    private final Durability durability;
    private final Duration closeTimeout;
    /** The statement every follow-up runs; one per writer, so that a batch's follow-ups are one JDBC batch. */
    private final String followUpSql;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    /** Guarded by {@link #lock}. */
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    /** Guarded by {@link #lock}. */
    private boolean closed;
    /** Guarded by {@link #lock}: whether a batch is being written, by a leading caller or the writer thread. */
    private boolean writing;
    private final Thread writer;

    /** Starts the writer thread, named {@code name}. */
    GroupCommitWriter(String name, Jdbi jdbi, Durability durability) {
        this(name, jdbi, durability, CLOSE_TIMEOUT);
    }

    /** @param closeTimeout how long {@link #close} waits for the queued rows to be written */
    GroupCommitWriter(String name, Jdbi jdbi, Durability durability, Duration closeTimeout) {
        this(name, jdbi, durability, closeTimeout, ExecutionEvents.INSERT_DELIVERIES);
    }

    /** @param followUpSql the statement of every follow-up */
    GroupCommitWriter(String name, Jdbi jdbi, Durability durability, Duration closeTimeout, String followUpSql) {
        this.jdbi = jdbi;
        this.durability = durability;
        this.closeTimeout = closeTimeout;
        this.followUpSql = followUpSql;
        this.writer = new Thread(this::run, name);
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Writes one row with {@code sql} and returns once it is committed and durable.
     *
     * @return the row count of the statement
     * @throws UnavailableException if the writer is closed, its queue stays full or the database is unreachable
     */
    int write(String sql, Row row) {
        return write(sql, row, Optional.empty());
    }

    /**
     * As {@link #write(String, Row)}, and when the statement changed a row, {@code followUp} of
     * {@link #followUpSql} in the same transaction.
     */
    int write(String sql, Row row, Optional<Row> followUp) {
        Pending pending = new Pending(sql, row, followUp);
        List<Pending> batch = enqueue(pending, mayLead(Thread.currentThread()));
        if (!batch.isEmpty()) {
            lead(batch);
        }
        return pending.await();
    }

    /** Rows waiting to be written, not counting the batch being written. */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Refuses new writes, waits for the batch being written and lets the writer thread write the queued rows, then
     * stops it; if that does not finish in time, the rows still queued fail as unavailable (a leader stuck in its
     * batch fails or completes it itself). Idempotent.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signal();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            writer.join(Math.max(1, closeTimeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Pending pending : takeAll()) {
            pending.fail(new UnavailableException("The database is closed"));
        }
    }

    /**
     * Queues {@code pending}; when {@code mayLead} and no batch is being written, takes the next batch for the
     * caller to write, otherwise returns an empty list and leaves the queue to whoever writes next.
     */
    private List<Pending> enqueue(Pending pending, boolean mayLead) {
        lock.lock();
        try {
            long nanos = QUEUE_TIMEOUT_NANOS;
            while (queue.size() >= CAPACITY && !closed) {
                if (nanos <= 0) {
                    throw new UnavailableException("The database is overloaded");
                }
                nanos = notFull.awaitNanos(nanos);
            }
            if (closed) {
                throw new UnavailableException("The database is closed");
            }
            queue.add(pending);
            if (writing) {
                return List.of();
            }
            if (!mayLead) {
                notEmpty.signal();
                return List.of();
            }
            List<Pending> batch = new ArrayList<>(Math.min(queue.size(), MAX_BATCH));
            takeBatch(batch);
            return batch;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("Interrupted while waiting for the database", e);
        } finally {
            lock.unlock();
        }
    }

    /** Writes {@code batch} on the caller's thread, keeping off an interrupt until it is done. */
    private void lead(List<Pending> batch) {
        Interrupts interrupts = new Interrupts();
        try {
            writeOrFail(batch, interrupts);
        } finally {
            endBatch();
            interrupts.restore();
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        Interrupts interrupts = new Interrupts();
        while (take(batch)) {
            try {
                writeOrFail(batch, interrupts);
            } finally {
                batch.clear();
                endBatch();
            }
        }
    }

    private void writeOrFail(List<Pending> batch, Interrupts interrupts) {
        try {
            write(batch, interrupts);
        } catch (Throwable failure) {
            batch.forEach(pending -> pending.fail(failure));
        }
    }

    /** Ends the batch being written; wakes the writer thread only if there is work for it, or it is to stop. */
    private void endBatch() {
        lock.lock();
        try {
            writing = false;
            if (!queue.isEmpty() || closed) {
                notEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until rows are queued and no batch is being written, and moves up to a batch of them into
     * {@code batch}; false once closed, idle and empty.
     */
    private boolean take(List<Pending> batch) {
        lock.lock();
        try {
            while (writing || queue.isEmpty()) {
                if (closed && !writing && queue.isEmpty()) {
                    return false;
                }
                notEmpty.awaitUninterruptibly();
            }
            takeBatch(batch);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Starts a batch of up to {@link #MAX_BATCH} queued rows, oldest first; called with the lock held. */
    private void takeBatch(List<Pending> batch) {
        writing = true;
        while (batch.size() < MAX_BATCH && !queue.isEmpty()) {
            batch.add(queue.poll());
        }
        notFull.signalAll();
    }

    private List<Pending> takeAll() {
        lock.lock();
        try {
            List<Pending> all = new ArrayList<>(queue);
            queue.clear();
            return all;
        } finally {
            lock.unlock();
        }
    }

    private void write(List<Pending> batch, Interrupts interrupts) throws SQLException {
        interrupts.holdOff();
        try (Handle handle = jdbi.open()) {
            try {
                handle.useTransaction(transaction -> {
                    writeInRuns(transaction.getConnection(), batch);
                    followUp(transaction.getConnection(), batch);
                });
            } catch (SQLException | RuntimeException batchFailed) {
                if (batch.size() == 1) {
                    throw batchFailed;
                }
                interrupts.holdOff();
                writeOneByOne(handle, batch);
            }
            interrupts.holdOff();
            if (batch.stream().anyMatch(Pending::changedRows)) {
                durability.afterWrite(handle);
            }
        }
        batch.forEach(Pending::complete);
    }

    /** Each run of consecutive rows with the same SQL goes to the database as one JDBC batch. */
    private static void writeInRuns(Connection connection, List<Pending> batch) throws SQLException {
        int start = 0;
        while (start < batch.size()) {
            String sql = batch.get(start).sql;
            int end = start + 1;
            while (end < batch.size() && batch.get(end).sql.equals(sql)) {
                end++;
            }
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = start; i < end; i++) {
                    batch.get(i).row.bind(statement);
                    statement.addBatch();
                }
                int[] counts = statement.executeBatch();
                for (int i = start; i < end; i++) {
                    batch.get(i).written(counts[i - start]);
                }
            }
            start = end;
        }
    }

    /** The follow-ups of the rows whose statements changed one, as one JDBC batch. */
    private void followUp(Connection connection, List<Pending> batch) throws SQLException {
        List<Row> rows = new ArrayList<>();
        for (Pending pending : batch) {
            if (pending.changedRows()) {
                pending.followUp.ifPresent(rows::add);
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(followUpSql)) {
            for (Row row : rows) {
                row.bind(statement);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /** Each row, with its follow-up, in a transaction of its own, recording its own outcome. */
    private void writeOneByOne(Handle handle, List<Pending> batch) {
        for (Pending pending : batch) {
            try {
                handle.useTransaction(transaction -> {
                    Connection connection = transaction.getConnection();
                    try (PreparedStatement statement = connection.prepareStatement(pending.sql)) {
                        pending.row.bind(statement);
                        pending.written(statement.executeUpdate());
                    }
                    if (pending.changedRows() && pending.followUp.isPresent()) {
                        try (PreparedStatement statement = connection.prepareStatement(followUpSql)) {
                            pending.followUp.get().bind(statement);
                            statement.executeUpdate();
                        }
                    }
                });
            } catch (SQLException | RuntimeException e) {
                pending.failed(e);
            }
        }
    }

    /** Whether {@code thread} may write a batch itself; see the class comment on virtual threads. */
    private static boolean mayLead(Thread thread) {
        if (IS_VIRTUAL.isEmpty()) {
            return true;
        }
        try {
            return !(boolean) IS_VIRTUAL.get().invokeExact(thread);
        } catch (Throwable e) {
            throw new IllegalStateException("Thread.isVirtual failed", e);
        }
    }

    private static Optional<MethodHandle> isVirtualMethod() {
        try {
            return Optional.of(MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual",
                    MethodType.methodType(boolean.class)));
        } catch (NoSuchMethodException e) {
            return Optional.empty();
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Thread.isVirtual exists but is not accessible", e);
        }
    }

    /**
     * A leading caller's interrupt, held off while it writes a batch that may hold other callers' rows: an
     * interrupted thread cannot wait for a pool connection (HikariCP fails the acquisition), which would fail them
     * all, and H2 may clear the flag while it opens a connection, which the caller would lose.
     */
    private static final class Interrupts {

        private boolean pending;

        /** Clears the thread's interrupt flag, remembering that it was set. */
        void holdOff() {
            pending |= Thread.interrupted();
        }

        /** Sets the flag again if it was held off. */
        void restore() {
            holdOff();
            if (pending) {
                pending = false;
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A queued row; its outcome is recorded by the writer and handed to the caller by {@link #complete}. */
    private static final class Pending {

        private final String sql;
        private final Row row;
        private final Optional<Row> followUp;
        private final CompletableFuture<Integer> outcome = new CompletableFuture<>();
        /** Written by the batch's thread only; published to the caller through {@link #outcome}. */
        private int count;
        private Exception failure;

        Pending(String sql, Row row, Optional<Row> followUp) {
            this.sql = sql;
            this.row = row;
            this.followUp = followUp;
        }

        void written(int rows) {
            count = rows;
            failure = null;
        }

        void failed(Exception e) {
            failure = e;
        }

        /** Whether the row's statement changed anything that must be made durable; unknown counts as changed. */
        boolean changedRows() {
            return failure == null && count != 0;
        }

        void complete() {
            if (failure == null) {
                outcome.complete(count);
            } else {
                outcome.completeExceptionally(failure);
            }
        }

        /** Fails the row unless it has its own failure already, which tells its caller more. */
        void fail(Throwable batchFailure) {
            outcome.completeExceptionally(failure != null ? failure : batchFailure);
        }

        /** Waits for the batch; the failure is thrown afresh so that its stack trace shows this caller. */
        int await() {
            try {
                return outcome.join();
            } catch (CompletionException e) {
                Throwable cause = e.getCause();
                if (ConnectionLoss.causes(cause)) {
                    throw new UnavailableException(ConnectionLoss.MESSAGE, cause);
                }
                if (cause instanceof UnavailableException) {
                    throw new UnavailableException(cause.getMessage(), cause);
                }
                throw new UnableToExecuteStatementException(String.valueOf(cause.getMessage()), cause, null);
            }
        }
    }
}
