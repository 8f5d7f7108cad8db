package io.promptengine.adapters.persistence;

import io.promptengine.application.port.out.ExecutionQueue;
import io.promptengine.application.port.out.ExecutionStore;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionError;
import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.execution.Usage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The queue over the {@code executions} table. On PostgreSQL claims and reclaims lock the rows they take with
 * {@code FOR UPDATE SKIP LOCKED}, so concurrent workers on any number of instances take disjoint rows without
 * waiting for each other. A claim's update is conditional on the row still being queued, and only the rows it
 * changed are claimed, so on H2 a claim selects without locking: H2 locks every row its {@code WHERE} matches
 * before it applies the {@code LIMIT}, so a locking claim would cost as much as the whole queue is long (tens of
 * milliseconds at 20,000 queued), and its database serves one process, where claims seldom race. Every write that
 * changes a running execution is also conditional on its attempt number, the fence, so even a write that raced
 * past the locks cannot change an attempt it does not hold.
 *
 * <p>Every write that ends an execution, a finish or a reclaim that fails it, inserts the webhook deliveries of its
 * end in its own transaction ({@link ExecutionEvents}).
 *
 * <p>{@link #finish} goes through the store's {@link GroupCommitWriter}: the fence is in the statement's
 * {@code WHERE}, so each row of a batch gets its own update count and a fenced-out row fails only its caller; it is
 * durable when it returns. Claims, renewals, releases and reclaims skip H2's durability step: one lost with the
 * process leaves its executions queued or running under an expiring lease, which the next reclaim takes back.
 */
final class JdbiExecutionQueue implements ExecutionQueue {

    private static final String RUNNING = "'running'";

    private static final String CLAIMABLE = "SELECT id FROM executions WHERE status = 'queued' "
            + "ORDER BY status, id LIMIT ?";
    private static final String CLAIMABLE_LOCKED = CLAIMABLE + " FOR UPDATE SKIP LOCKED";
    private static final String START = "UPDATE executions SET status = " + RUNNING + ", attempts = attempts + 1, "
            + "started_at = ?, lease_owner = ?, lease_expires_at = ? WHERE id = ? AND status = 'queued'";
    private static final String RENEW = "UPDATE executions SET lease_expires_at = ? WHERE id = ? AND status = "
            + RUNNING + " AND attempts = ? AND lease_owner = ?";
    private static final String RELEASE = "UPDATE executions SET status = 'queued', lease_owner = NULL, "
            + "lease_expires_at = NULL WHERE id = ? AND status = " + RUNNING + " AND attempts = ? AND lease_owner = ?";
    /** A running execution without a lease was not stored by a claim (older versions); nobody renews it. */
    private static final String EXPIRED = JdbiExecutionStore.SELECT + " WHERE status = " + RUNNING
            + " AND (lease_expires_at IS NULL OR lease_expires_at < ?) ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED";
    private static final String REQUEUE = "UPDATE executions SET status = 'queued', lease_owner = NULL, "
            + "lease_expires_at = NULL WHERE id = ? AND status = " + RUNNING + " AND attempts = ?";
    /** The store's outcome columns, the lease cleared, then the id and the attempt that must be running. */
    private static final String FINISH = "UPDATE executions SET "
            + JdbiExecutionStore.OUTCOME_COLUMNS.replace(",", " = ?,") + " = ?, lease_owner = NULL, "
            + "lease_expires_at = NULL WHERE id = ? AND status = " + RUNNING + " AND attempts = ?";

    private final Jdbi jdbi;
    private final GroupCommitWriter writer;
    /** The query that picks the executions a claim tries to take. */
    private final String claimable;

    /**
     * @param writer the execution store's writer, shared so that finishes batch with the store's writes and are
     *     as durable
     * @param lockClaims whether claims lock the rows they pick ({@code FOR UPDATE SKIP LOCKED}), for a database
     *     that locks only the rows within the {@code LIMIT}: PostgreSQL, not H2
     */
    JdbiExecutionQueue(Jdbi jdbi, GroupCommitWriter writer, boolean lockClaims) {
        this.jdbi = jdbi;
        this.writer = writer;
        this.claimable = lockClaims ? CLAIMABLE_LOCKED : CLAIMABLE;
    }

    @Override
    public List<Execution> claim(String owner, int limit, Instant now, Duration lease) {
        requirePositive(limit);
        List<Execution> claimed = transaction(handle -> {
            Connection connection = handle.getConnection();
            List<String> ids = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(claimable)) {
                select.setInt(1, limit);
                try (var rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                }
            }
            if (ids.isEmpty()) {
                return List.<Execution>of();
            }
            List<String> started = new ArrayList<>(ids.size());
            try (PreparedStatement start = connection.prepareStatement(START)) {
                for (String id : ids) {
                    new Parameters(start).timestamp(Columns.timestamp(now)).text(owner)
                            .timestamp(Columns.timestamp(now.plus(lease))).text(id);
                    start.addBatch();
                }
                int[] counts = start.executeBatch();
                for (int i = 0; i < ids.size(); i++) {
                    // 0: no longer queued (cancelled, or claimed by a claim that did not lock); the rest are ours
                    if (counts[i] != 0) {
                        started.add(ids.get(i));
                    }
                }
            }
            if (started.isEmpty()) {
                return List.<Execution>of();
            }
            return handle.createQuery(JdbiExecutionStore.SELECT + " WHERE id IN (<ids>) ORDER BY id")
                    .bindList("ids", started)
                    .map(JdbiExecutionStore::execution)
                    .list();
        });
        return claimed;
    }

    @Override
    public Set<ExecutionId> renew(String owner, Map<ExecutionId, Integer> attempts, Instant until) {
        if (attempts.isEmpty()) {
            return Set.of();
        }
        // Row by row, each in a transaction of its own: a renewal never holds one row's lock while it waits for
        // another's, so it cannot deadlock with a group commit that finishes several of these rows at once.
        Set<ExecutionId> lost = new HashSet<>();
        jdbi.useHandle(handle -> {
            for (Map.Entry<ExecutionId, Integer> held : attempts.entrySet()) {
                int rows = handle.createUpdate(RENEW)
                        .bind(0, Columns.timestamp(until))
                        .bind(1, held.getKey().value())
                        .bind(2, held.getValue().intValue())
                        .bind(3, owner)
                        .execute();
                if (rows == 0) {
                    lost.add(held.getKey());
                }
            }
        });
        return lost;
    }

    @Override
    public ExecutionStore.Write finish(Execution ended) {
        if (!ended.status().isTerminal()) {
            throw new IllegalArgumentException("finish takes an ended execution, not a " + ended.status().wireName()
                    + " one");
        }
        int rows = writer.write(FINISH, statement -> JdbiExecutionStore.bindOutcome(new Parameters(statement), ended)
                .text(ended.id().value())
                .number(ended.attempts()), ExecutionEvents.of(ended));
        return rows == 1 ? ExecutionStore.Write.APPLIED : ExecutionStore.Write.STALE;
    }

    @Override
    public int release(String owner, Map<ExecutionId, Integer> attempts) {
        if (attempts.isEmpty()) {
            return 0;
        }
        int released = transaction(handle -> {
            try (PreparedStatement release = handle.getConnection().prepareStatement(RELEASE)) {
                for (Map.Entry<ExecutionId, Integer> entry : attempts.entrySet()) {
                    new Parameters(release).text(entry.getKey().value()).number(entry.getValue().intValue())
                            .text(owner);
                    release.addBatch();
                }
                return sum(release.executeBatch());
            }
        });
        return released;
    }

    @Override
    public Reclaimed reclaim(Instant now, int maxAttempts, ExecutionError exhausted, int limit) {
        requirePositive(limit);
        Reclaimed reclaimed = transaction(handle -> {
            List<Execution> expired = handle.createQuery(EXPIRED)
                    .bind(0, Columns.timestamp(now))
                    .bind(1, limit)
                    .map(JdbiExecutionStore::execution)
                    .list();
            int requeued = 0;
            int failed = 0;
            Connection connection = handle.getConnection();
            for (Execution running : expired) {
                if (running.attempts() < maxAttempts) {
                    requeued += requeue(connection, running);
                } else {
                    failed += fail(connection, running.fail(exhausted, Usage.NONE, now));
                }
            }
            return new Reclaimed(requeued, failed);
        });
        return reclaimed;
    }

    private static int requeue(Connection connection, Execution running) throws SQLException {
        try (PreparedStatement requeue = connection.prepareStatement(REQUEUE)) {
            new Parameters(requeue).text(running.id().value()).number(running.attempts());
            return requeue.executeUpdate();
        }
    }

    private static int fail(Connection connection, Execution failed) throws SQLException {
        try (PreparedStatement fail = connection.prepareStatement(FINISH)) {
            JdbiExecutionStore.bindOutcome(new Parameters(fail), failed).text(failed.id().value())
                    .number(failed.attempts());
            int rows = fail.executeUpdate();
            if (rows == 1) {
                ExecutionEvents.insert(connection, failed);
            }
            return rows;
        }
    }

    /** Runs {@code work} in a transaction, a JDBC failure reported as JDBI reports its own. */
    private <T> T transaction(HandleCallback<T, SQLException> work) {
        try {
            return jdbi.inTransaction(work);
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
    }

    private static int sum(int[] counts) {
        int total = 0;
        for (int count : counts) {
            total += Math.max(count, 0);
        }
        return total;
    }

    private static void requirePositive(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
    }
}
