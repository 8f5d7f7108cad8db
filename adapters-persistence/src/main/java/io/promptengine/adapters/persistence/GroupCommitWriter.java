package io.promptengine.adapters.persistence;

import io.promptengine.domain.error.UnavailableException;
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
 * Group commit. Callers queue single-row writes and wait; one thread takes everything waiting, up to
 * {@link #MAX_BATCH} rows, writes them in one transaction with one prepared statement per run of equal SQL, runs
 * one durability step for all of them and then releases each caller with its own update count. A lone write is
 * taken at once, so batches grow with concurrency and never by waiting. If a batch fails, its rows are written
 * again one by one, so a bad row fails only its own caller.
 *
 * <p>A write may carry a <em>follow-up</em>: a second statement that runs in the same transaction, after the
 * batch's statements, only when its own statement changed a row (the outbox rows of an execution's end, say), so
 * the two commit or fail together.
 *
 * <p>Rows are written in the order they were queued, within one transaction, so a later row sees an earlier one.
 * The queue is bounded: when it is full a caller waits, as long as it would for a pool connection, and then gets
 * an {@link UnavailableException}. {@link #close} writes what is queued and refuses further writes.
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
        enqueue(pending);
        return pending.await();
    }

    /** Rows waiting for the writer, not counting the batch it is writing. */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Refuses new writes, lets the writer finish the queued ones and stops it; if it does not finish in time, the
     * rows still queued fail as unavailable. Idempotent.
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

    private void enqueue(Pending pending) {
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
            notEmpty.signal();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("Interrupted while waiting for the database", e);
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (take(batch)) {
            try {
                write(batch);
            } catch (Throwable failure) {
                batch.forEach(pending -> pending.fail(failure));
            }
            batch.clear();
        }
    }

    /** Waits for rows and moves up to a batch of them into {@code batch}; false once closed and empty. */
    private boolean take(List<Pending> batch) {
        lock.lock();
        try {
            while (queue.isEmpty()) {
                if (closed) {
                    return false;
                }
                notEmpty.awaitUninterruptibly();
            }
            while (batch.size() < MAX_BATCH && !queue.isEmpty()) {
                batch.add(queue.poll());
            }
            notFull.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
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

    private void write(List<Pending> batch) throws SQLException {
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
                writeOneByOne(handle, batch);
            }
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

    /** A queued row; its outcome is recorded by the writer and handed to the caller by {@link #complete}. */
    private static final class Pending {

        private final String sql;
        private final Row row;
        private final Optional<Row> followUp;
        private final CompletableFuture<Integer> outcome = new CompletableFuture<>();
        /** Written by the writer thread only; published to the caller through {@link #outcome}. */
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

        /** Waits for the writer; the failure is thrown afresh so that its stack trace shows this caller. */
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
