package io.promptengine.adapters.persistence;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The process that {@link H2CrashRecoveryTest} kills: the write patterns of our stores on an H2 file opened with
 * our settings, each acknowledged on standard output only once it is committed and made durable the way the
 * stores make it durable (a {@code CHECKPOINT} after the commit), never before.
 *
 * <ul>
 *   <li>group commits: transactions of 1–8 inserted executions ({@code A id} once durable);</li>
 *   <li>queue workers: claims with {@code FOR UPDATE SKIP LOCKED} committed without a checkpoint, as
 *       {@code JdbiExecutionQueue} does, then a durable finish ({@code D id});</li>
 *   <li>a key revoked again and again ({@code R n}, durable), its row also updated between revocations by
 *       writes that are not made durable, as {@code recordUse} does;</li>
 *   <li>retention: finished executions with an even id are deleted in batches, each announced ({@code X id})
 *       before its delete starts, so that the file fragments and H2's background writer compacts it.</li>
 * </ul>
 *
 * Runs until killed, on tables {@link #create} made. Arguments: the JDBC URL with our settings
 * ({@link Database#withH2Settings}) and the seed. A line on standard input makes every thread stop writing: the
 * process then sits idle until it is killed, as a server does between bursts, when H2's background writer has the
 * file to itself.
 */
final class H2CrashWorkload {

    /** Makes the workload's tables and its key row; closing the connection closes the database cleanly. */
    static void create(String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(Database.withH2Settings(url));
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE crash_executions (id VARCHAR(40) PRIMARY KEY, status VARCHAR(20) NOT NULL, "
                    + "owner VARCHAR(40), attempts INT NOT NULL, input VARCHAR(4000) NOT NULL)");
            statement.execute("CREATE TABLE crash_keys (id INT PRIMARY KEY, revoked BIGINT NOT NULL, used BIGINT NOT NULL)");
            statement.execute("INSERT INTO crash_keys VALUES (1, 0, 0)");
        }
    }

    private final String url;
    private final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
    private final AtomicLong ids = new AtomicLong(System.currentTimeMillis() * 1_000);
    private final SplittableRandom seeds;
    /** Set by a line on standard input: no thread starts another write. */
    private volatile boolean quiet;

    private H2CrashWorkload(String url, long seed) {
        this.url = url;
        this.seeds = new SplittableRandom(seed);
    }

    public static void main(String[] args) throws Exception {
        new H2CrashWorkload(args[0], Long.parseLong(args[1])).run();
    }

    /** Never returns once the quiet phase has begun: the thread writes nothing more. */
    private void pauseIfQuiet() throws InterruptedException {
        if (quiet) {
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    private void awaitQuiet() {
        try {
            if (System.in.read() >= 0) {
                quiet = true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void run() throws SQLException, InterruptedException {
        long revoked;
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            try (ResultSet row = statement.executeQuery("SELECT revoked FROM crash_keys WHERE id = 1")) {
                row.next();
                revoked = row.getLong(1);
            }
        }
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SplittableRandom random = seeds.split();
            threads.add(new Thread(() -> loop(() -> groupCommits(random)), "inserts-" + i));
        }
        for (int i = 0; i < 2; i++) {
            String owner = "worker-" + i;
            threads.add(new Thread(() -> loop(() -> claimsAndFinishes(owner)), owner));
        }
        long firstRevocation = revoked + 1;
        threads.add(new Thread(() -> loop(() -> revocations(firstRevocation)), "revocations"));
        threads.add(new Thread(() -> loop(this::retention), "retention"));
        Thread quieter = new Thread(this::awaitQuiet, "quiet");
        quieter.setDaemon(true);
        quieter.start();
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private void groupCommits(SplittableRandom random) throws SQLException, InterruptedException {
        String input = "x".repeat(1_500);
        try (Connection connection = DriverManager.getConnection(url);
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO crash_executions VALUES (?, 'queued', NULL, 0, ?)");
                Statement checkpoint = connection.createStatement()) {
            while (true) {
                pauseIfQuiet();
                List<String> batch = new ArrayList<>();
                connection.setAutoCommit(false);
                for (int n = 1 + random.nextInt(8); n > 0; n--) {
                    String id = "exec_" + ids.incrementAndGet();
                    insert.setString(1, id);
                    insert.setString(2, input);
                    insert.addBatch();
                    batch.add(id);
                }
                insert.executeBatch();
                connection.commit();
                connection.setAutoCommit(true);
                checkpoint.execute("CHECKPOINT");
                acknowledge("A", batch);
                if (random.nextInt(40) == 0) {
                    Thread.sleep(random.nextInt(300)); // a lull, in which H2's background writer compacts
                }
            }
        }
    }

    private void claimsAndFinishes(String owner) throws SQLException, InterruptedException {
        try (Connection connection = DriverManager.getConnection(url);
                PreparedStatement claimable = connection.prepareStatement("SELECT id FROM crash_executions "
                        + "WHERE status = 'queued' ORDER BY id LIMIT 8 FOR UPDATE SKIP LOCKED");
                PreparedStatement start = connection.prepareStatement("UPDATE crash_executions SET status = "
                        + "'running', owner = ?, attempts = attempts + 1 WHERE id = ? AND status = 'queued'");
                PreparedStatement finish = connection.prepareStatement("UPDATE crash_executions SET status = "
                        + "'completed', owner = NULL WHERE id = ? AND status = 'running'");
                Statement checkpoint = connection.createStatement()) {
            while (true) {
                pauseIfQuiet();
                List<String> claimed = new ArrayList<>();
                connection.setAutoCommit(false);
                try (ResultSet rows = claimable.executeQuery()) {
                    while (rows.next()) {
                        claimed.add(rows.getString(1));
                    }
                }
                for (String id : claimed) {
                    start.setString(1, owner);
                    start.setString(2, id);
                    start.executeUpdate();
                }
                connection.commit();
                connection.setAutoCommit(true);
                if (claimed.isEmpty()) {
                    Thread.sleep(20);
                    continue;
                }
                Thread.sleep(5); // the model call
                for (String id : claimed) {
                    finish.setString(1, id);
                    finish.executeUpdate();
                }
                checkpoint.execute("CHECKPOINT");
                acknowledge("D", claimed);
            }
        }
    }

    private void revocations(long first) throws SQLException, InterruptedException {
        try (Connection connection = DriverManager.getConnection(url);
                PreparedStatement revoke = connection.prepareStatement("UPDATE crash_keys SET revoked = ? WHERE id = 1");
                PreparedStatement use = connection.prepareStatement("UPDATE crash_keys SET used = ? WHERE id = 1");
                Statement checkpoint = connection.createStatement()) {
            for (long n = first; ; n++) {
                pauseIfQuiet();
                revoke.setLong(1, n);
                revoke.executeUpdate();
                checkpoint.execute("CHECKPOINT");
                acknowledge("R", List.of(Long.toString(n)));
                for (int i = 0; i < 5; i++) {
                    use.setLong(1, n);
                    use.executeUpdate();
                    Thread.sleep(2);
                }
            }
        }
    }

    private void retention() throws SQLException, InterruptedException {
        try (Connection connection = DriverManager.getConnection(url);
                PreparedStatement expired = connection.prepareStatement("SELECT id FROM crash_executions "
                        + "WHERE status = 'completed' AND MOD(CAST(SUBSTRING(id, 6) AS BIGINT), 2) = 0 ORDER BY id "
                        + "LIMIT 50");
                PreparedStatement delete = connection.prepareStatement("DELETE FROM crash_executions WHERE id = ?");
                Statement checkpoint = connection.createStatement()) {
            while (true) {
                Thread.sleep(200);
                pauseIfQuiet();
                List<String> doomed = new ArrayList<>();
                try (ResultSet rows = expired.executeQuery()) {
                    while (rows.next()) {
                        doomed.add(rows.getString(1));
                    }
                }
                acknowledge("X", doomed); // before the delete: from here on the row may be gone
                connection.setAutoCommit(false);
                for (String id : doomed) {
                    delete.setString(1, id);
                    delete.executeUpdate();
                }
                connection.commit();
                connection.setAutoCommit(true);
                checkpoint.execute("CHECKPOINT");
            }
        }
    }

    private void acknowledge(String kind, List<String> values) {
        synchronized (out) {
            for (String value : values) {
                out.println(kind + ' ' + value);
            }
        }
    }

    private static void loop(Work work) {
        try {
            work.run();
        } catch (Exception e) {
            // a write that fails is never acknowledged; say why, the test shows it if it matters
            e.printStackTrace();
        }
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }
}
