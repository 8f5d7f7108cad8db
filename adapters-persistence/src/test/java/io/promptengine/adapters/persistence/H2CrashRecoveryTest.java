package io.promptengine.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.engine.Constants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * H2 itself, as we ship it and open it, under {@code kill -9}: {@link H2CrashWorkload} writes as our stores do in a
 * process of its own and is killed at random moments, over and over on the same file; after each kill the file
 * is opened again and every write acknowledged before the kill must be there. This is the test that keeps the H2
 * version and our H2 settings honest: H2 2.5.252 fails it within a few kills (acknowledged inserts and finishes
 * gone, revocations undone, "File corrupted in chunk …"), 2.4.240 passes it, and 2.4.240 with H2's own compaction
 * settings fails it: about every other kill comes after the writes stopped, when H2's background writer compacts
 * the file, and H2 runs with its assertions on, both in the killed process and when the file is opened again, so an
 * inconsistency that H2 itself detects (its trace file) fails the test as a lost write does. See README,
 * "Durability on H2".
 *
 * <p>The child is pinned to one CPU where {@code taskset} exists, which makes the interleavings of a slow machine
 * (where the loss was first seen) far more likely. {@code -Dpe.h2crash.rounds=N} runs more kills;
 * {@code -Dpe.h2crash.seed=S} repeats a run's kill moments; {@code -Dpe.h2crash.settings=";NAME=value…"} adds H2
 * settings to the URL, which win over ours (H2's compaction defaults:
 * {@code ";AUTO_COMPACT_FILL_RATE=90;MAX_COMPACT_TIME=200"}).
 */
final class H2CrashRecoveryTest {

    private static final int ROUNDS = Integer.getInteger("pe.h2crash.rounds", 10);
    private static final long SEED = Long.getLong("pe.h2crash.seed", System.nanoTime());
    private static final String SETTINGS = System.getProperty("pe.h2crash.settings", "");
    private static final Path TASKSET = Path.of("/usr/bin/taskset");
    /** What H2 writes to its trace file when it finds its own file or free-space map inconsistent. */
    private static final List<String> H2_TROUBLE = List.of("AssertionError", "Double alloc", "File corrupted",
            "MVStoreException");

    @TempDir
    Path directory;

    private final Set<String> inserted = ConcurrentHashMap.newKeySet();
    private final Set<String> finished = ConcurrentHashMap.newKeySet();
    /** Executions the workload announced it deletes: from then on they may be missing. */
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();
    private final AtomicLong revoked = new AtomicLong();
    /** Counted down by the first acknowledgement of a round: the kill comes a random time after it. */
    private volatile CountDownLatch writing;

    @Test
    void givenWritesAcknowledgedAfterTheirCheckpoint_killMinus9AtRandomMoments_everyOneSurvivesTheRestart()
            throws Exception {
        String url = "jdbc:h2:file:" + directory.resolve("crash").toAbsolutePath() + SETTINGS;
        SplittableRandom random = new SplittableRandom(SEED);
        List<String> losses = new ArrayList<>();
        System.out.printf("H2 %s, %d kills, seed %d, URL settings %s%n", Constants.FULL_VERSION, ROUNDS, SEED,
                Database.withH2Settings(url).substring(url.length() - SETTINGS.length()));
        H2CrashWorkload.create(url);
        for (int round = 1; round <= ROUNDS && losses.isEmpty(); round++) {
            long runFor = random.nextLong(3_000);
            // every other kill, on average, comes after the writes stopped: H2 compacts the file when it is idle
            long quietFor = random.nextBoolean() ? random.nextLong(4_000) : -1;
            runAndKill(url, random.nextLong(), runFor, quietFor);
            List<String> lost = lostWrites(url);
            lost.addAll(h2Trouble());
            System.out.printf("kill %d at %d ms of writing%s: %d inserts, %d finishes, %d deletes, revocation %d "
                    + "acknowledged so far; lost or wrong %d%n", round, runFor,
                    quietFor < 0 ? "" : " and " + quietFor + " ms idle", inserted.size(), finished.size(),
                    deleted.size(), revoked.get(), lost.size());
            int kill = round;
            lost.stream().limit(10).forEach(loss -> losses.add("after kill " + kill + ": " + loss));
        }
        assertThat(inserted).as("writes acknowledged over all rounds; the workload said: %s",
                Files.readString(directory.resolve("workload.err"))).isNotEmpty();
        assertThat(finished).as("finishes acknowledged over all rounds").isNotEmpty();
        assertThat(losses).as("acknowledged writes missing, or H2 inconsistent, after a kill -9 (H2 %s, seed %d)",
                Constants.FULL_VERSION, SEED).isEmpty();
    }

    /** Runs the workload for {@code runFor} ms of writing, then {@code quietFor} ms of none (negative: none), and kills it. */
    private void runAndKill(String url, long seed, long runFor, long quietFor) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(TASKSET)) {
            command.addAll(List.of(TASKSET.toString(), "-c", "0"));
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-ea:org.h2...",
                "-cp", System.getProperty("java.class.path"), H2CrashWorkload.class.getName(),
                Database.withH2Settings(url),
                Long.toString(seed)));
        Process child = new ProcessBuilder(command).redirectError(directory.resolve("workload.err").toFile()).start();
        writing = new CountDownLatch(1);
        Thread reader = new Thread(() -> readAcknowledgements(child), "acknowledgements");
        reader.start();
        try {
            writing.await(60, TimeUnit.SECONDS);
            Thread.sleep(runFor);
            if (quietFor >= 0) {
                child.getOutputStream().write('\n');
                child.getOutputStream().flush();
                Thread.sleep(quietFor);
            }
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close, no last write
            child.waitFor(30, TimeUnit.SECONDS);
            reader.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    private void readAcknowledgements(Process child) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String value = line.substring(2);
                writing.countDown();
                switch (line.charAt(0)) {
                    case 'A' -> inserted.add(value);
                    case 'D' -> finished.add(value);
                    case 'R' -> revoked.accumulateAndGet(Long.parseLong(value), Math::max);
                    case 'X' -> deleted.add(value);
                    default -> throw new IllegalStateException("unexpected line " + line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of H2's trace file that say it found itself inconsistent, each once. */
    private List<String> h2Trouble() throws IOException {
        Path trace = directory.resolve("crash.trace.db");
        if (!Files.exists(trace)) {
            return List.of();
        }
        return Files.readAllLines(trace, StandardCharsets.ISO_8859_1).stream()
                .filter(line -> !line.startsWith("\tat ") && H2_TROUBLE.stream().anyMatch(line::contains))
                .distinct()
                .map(line -> "H2's trace: " + line.strip())
                .toList();
    }

    /** Opens the file as a restart does and names every acknowledged write that is not there as acknowledged. */
    private List<String> lostWrites(String url) throws SQLException {
        List<String> lost = new ArrayList<>();
        Map<String, String> status = new HashMap<>();
        long revocation;
        try (Connection connection = DriverManager.getConnection(Database.withH2Settings(url));
                Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT id, status FROM crash_executions")) {
                while (rows.next()) {
                    status.put(rows.getString(1), rows.getString(2));
                }
            }
            try (ResultSet row = statement.executeQuery("SELECT revoked FROM crash_keys WHERE id = 1")) {
                row.next();
                revocation = row.getLong(1);
            }
        }
        for (String id : inserted) {
            if (!status.containsKey(id) && !deleted.contains(id)) {
                lost.add("inserted " + id + " is missing");
            }
        }
        for (String id : finished) {
            if (!"completed".equals(status.get(id)) && !deleted.contains(id)) {
                lost.add("finished " + id + " is " + status.get(id));
            }
        }
        if (revocation < revoked.get()) {
            lost.add("revocation " + revoked.get() + " undone: the row says " + revocation);
        }
        return lost;
    }
}
