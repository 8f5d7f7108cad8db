package io.promptengine.bootstrap;

import io.promptengine.bootstrap.CrashLedger.Fact;
import io.promptengine.bootstrap.CrashLedger.Loss;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.SortedMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Kills the server with {@code SIGKILL} round after round and proves that nothing it acknowledged is lost. A round:
 * start the server on the same database, check every fact the ledger holds from all earlier rounds, write the
 * round's load, and kill the server at the round's moment — during the burst (after a drawn number of
 * acknowledgements), 0–100 ms after the last write, or seconds after it (while H2's background writer stores and
 * compacts the file). After the last round one more start checks everything. The moments, the delays and the load's
 * choices all come from one seed, printed first, so that a run can be repeated ({@code -Dcrash.seed}).
 */
final class CrashHarness {

    /** When a round's kill comes. */
    enum Moment {
        DURING_BURST("during the burst"),
        RIGHT_AFTER("0-100 ms after the last write"),
        SECONDS_AFTER("seconds after the last write");

        final String description;

        Moment(String description) {
            this.description = description;
        }
    }

    /**
     * A run: {@code rounds} kills; each round's {@code load}; the longest wait of a "seconds after" kill; a check of
     * everything after every {@code fullCheckEvery}-th kill and after the last (the others check every fact but the
     * older executions, of which they check {@code sample} drawn at random).
     */
    record Settings(String database, long seed, int rounds, CrashLoad.Size load, long secondsAfterMaxMillis,
            int fullCheckEvery, int sample) {
    }

    /** A round's kill, drawn from the seed. */
    record Plan(int round, Moment moment, int killAfter, long delayMillis, long loadSeed) {

        String describe() {
            return moment == Moment.DURING_BURST ? "during the burst, after " + killAfter + " acknowledgements"
                    : moment.description + " (" + delayMillis + " ms planned)";
        }
    }

    /**
     * What the restart after a kill found: its time to ready, facts checked, unverifiable, the lost ones, and those
     * whose check the server did not answer (5xx or no connection, five times).
     */
    record Check(long restartMillis, int checked, int unverifiable, List<Loss> losses, List<String> unanswered) {
    }

    /** A round as it happened, and what the restart after its kill found. */
    record Round(Plan plan, SortedMap<String, Integer> acknowledged, SortedMap<String, Integer> anomalies,
            int inFlightAtKill, long lastAckToKillNanos, long roundToKillNanos, long fileBytes, Check after) {

        int acknowledgedCount() {
            return acknowledged.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** The whole run; {@code failure} when a restart did not come up. */
    record Report(Settings settings, List<Round> rounds, Optional<String> failure, String text) {

        int kills() {
            return rounds.size();
        }

        long kills(Moment moment) {
            return rounds.stream().filter(round -> round.plan().moment() == moment).count();
        }

        long acknowledged() {
            return rounds.stream().mapToLong(Round::acknowledgedCount).sum();
        }

        long checked() {
            return rounds.stream().mapToLong(round -> round.after().checked()).sum();
        }

        List<Loss> lost() {
            List<Loss> lost = new ArrayList<>();
            rounds.forEach(round -> lost.addAll(round.after().losses()));
            return lost;
        }

        List<String> unanswered() {
            List<String> unanswered = new ArrayList<>();
            rounds.forEach(round -> unanswered.addAll(round.after().unanswered()));
            return unanswered;
        }
    }

    private static final int CHECK_THREADS = 4;

    private final Settings settings;
    private final CrashServer server;
    private final Path databaseFile;
    private final Consumer<String> out;
    private final CrashHttp http = new CrashHttp();
    private final CrashLedger ledger = new CrashLedger();
    private final StringBuilder text = new StringBuilder();
    private final long[] killNanos;
    private final Random sampling;

    /**
     * @param databaseFile the H2 file whose size each round reports, or null
     * @param out where each line of the report goes as soon as it is known
     */
    CrashHarness(Settings settings, CrashServer server, Path databaseFile, Consumer<String> out) {
        this.settings = settings;
        this.server = server;
        this.databaseFile = databaseFile;
        this.out = out;
        this.killNanos = new long[settings.rounds() + 1];
        this.sampling = new Random(settings.seed());
    }

    /**
     * The rounds' kills: about 40 % during the burst and 30 % each after it (rounded so that three or more rounds have
     * each moment at least once), in an order drawn from the seed.
     */
    static List<Plan> plans(long seed, int rounds, int tasks, long secondsAfterMaxMillis) {
        Random random = new Random(seed);
        int during = (rounds * 4 + 5) / 10;
        int rightAfter = (rounds - during + 1) / 2;
        List<Moment> moments = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            moments.add(i < during ? Moment.DURING_BURST : i < during + rightAfter ? Moment.RIGHT_AFTER
                    : Moment.SECONDS_AFTER);
        }
        Collections.shuffle(moments, random);
        List<Plan> plans = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            Moment moment = moments.get(round - 1);
            int killAfter = random.nextInt(Math.max(1, tasks / 10), Math.max(2, tasks * 9 / 10));
            long delay = moment == Moment.RIGHT_AFTER ? random.nextLong(0, 101)
                    : moment == Moment.SECONDS_AFTER ? random.nextLong(1000, secondsAfterMaxMillis + 1) : 0;
            plans.add(new Plan(round, moment, killAfter, delay, random.nextLong()));
        }
        return plans;
    }

    Report run() throws InterruptedException {
        line(String.format(Locale.ROOT, "crash test on %s: seed %d (repeat with -Dcrash.seed=%d), %d rounds, "
                + "%d client threads x %d tasks a round, inputs of %d-%d characters", settings.database(),
                settings.seed(), settings.seed(), settings.rounds(), settings.load().threads(),
                settings.load().tasksPerThread(), settings.load().minChars(), settings.load().maxChars()));
        List<Round> rounds = new ArrayList<>();
        Round killed = null;
        try {
            for (Plan plan : plans(settings.seed(), settings.rounds(), settings.load().tasks(),
                    settings.secondsAfterMaxMillis())) {
                long restart = start();
                if (killed != null) {
                    rounds.add(checked(killed, restart, false));
                }
                killed = round(plan);
            }
            if (killed != null) {
                rounds.add(checked(killed, start(), true));
            }
            server.close();
        } catch (IllegalStateException e) {
            line("FAILED after round " + (killed == null ? 0 : killed.plan().round()) + ": " + e.getMessage());
            return new Report(settings, rounds, Optional.of(e.getMessage()), text.toString());
        }
        Report counts = new Report(settings, rounds, Optional.empty(), "");
        line(String.format(Locale.ROOT, "%s, seed %d: %d kills (%d during the burst, %d right after, %d seconds "
                + "after); %d writes acknowledged; %d checks after restarts; %d lost; %d checks not answered",
                settings.database(),
                settings.seed(), counts.kills(), counts.kills(Moment.DURING_BURST), counts.kills(Moment.RIGHT_AFTER),
                counts.kills(Moment.SECONDS_AFTER), counts.acknowledged(), counts.checked(), counts.lost().size(),
                counts.unanswered().size()));
        return new Report(settings, rounds, Optional.empty(), text.toString());
    }

    /** Starts the server and points the client at it; returns how long it took to be ready. */
    private long start() throws InterruptedException {
        long started = System.nanoTime();
        http.target(server.start());
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** The round's load, ended by the kill; its check comes with the next start. */
    private Round round(Plan plan) throws InterruptedException {
        CrashLoad load = new CrashLoad(http, ledger, plan.round(), plan.loadSeed(), settings.load(),
                plan.killAfter());
        long started = System.nanoTime();
        if (plan.round() == 1) {
            load.setUp();
        }
        Thread burst = new Thread(() -> {
            try {
                load.burst();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "crash-burst-" + plan.round());
        burst.setDaemon(true);
        burst.start();
        if (plan.moment() == Moment.DURING_BURST) {
            load.awaitAcknowledged(burst);
        } else {
            burst.join();
            load.tail();
            Thread.sleep(plan.delayMillis());
        }
        int inFlight = load.inFlight();
        long killedAt = server.kill();
        killNanos[plan.round()] = killedAt;
        burst.join();
        long lastAck = load.lastAcknowledged();
        return new Round(plan, load.acknowledged(), load.anomalies(), inFlight,
                lastAck == Long.MIN_VALUE ? Long.MIN_VALUE : killedAt - lastAck, killedAt - started, fileBytes(), null);
    }

    private Round checked(Round killed, long restartMillis, boolean everything) throws InterruptedException {
        int round = killed.plan().round();
        boolean all = everything || round % settings.fullCheckEvery() == 0;
        Check check = check(ledger.toCheck(round, all, settings.sample(), sampling), restartMillis);
        Round done = new Round(killed.plan(), killed.acknowledged(), killed.anomalies(), killed.inFlightAtKill(),
                killed.lastAckToKillNanos(), killed.roundToKillNanos(), killed.fileBytes(), check);
        report(done, all);
        return done;
    }

    /** Checks the facts that can be; a fact found lost is reported now and not checked again. */
    private Check check(List<Fact> facts, long restartMillis) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(CHECK_THREADS);
        try {
            List<Fact> checked = new ArrayList<>();
            List<Future<Optional<Loss>>> results = new ArrayList<>();
            for (Fact fact : facts) {
                if (fact.checkable()) {
                    checked.add(fact);
                    results.add(pool.submit(() -> fact.check(http)));
                }
            }
            List<Loss> losses = new ArrayList<>();
            List<String> unanswered = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                try {
                    Optional<Loss> loss = results.get(i).get();
                    if (loss.isPresent()) {
                        losses.add(loss.get());
                        ledger.forget(checked.get(i));
                    }
                } catch (ExecutionException e) {
                    unanswered.add(checked.get(i) + ": " + e.getCause().getMessage());
                }
            }
            return new Check(restartMillis, checked.size(), facts.size() - checked.size(), losses, unanswered);
        } finally {
            pool.shutdownNow();
        }
    }

    private void report(Round round, boolean all) {
        Plan plan = round.plan();
        long sinceLastAck = round.lastAckToKillNanos();
        String lastAck = sinceLastAck == Long.MIN_VALUE ? "none acknowledged" : "last acknowledgement "
                + millis(Math.abs(sinceLastAck)) + (sinceLastAck >= 0 ? " ms before the kill"
                        : " ms after the kill signal (sent before it)");
        line(String.format(Locale.ROOT, "round %d/%d: kill %s; %d acknowledged %s; %d in flight at the kill; %s, "
                + "%s ms into the round%s%s", plan.round(), settings.rounds(), plan.describe(),
                round.acknowledgedCount(), round.acknowledged(), round.inFlightAtKill(), lastAck,
                millis(round.roundToKillNanos()), round.fileBytes() < 0 ? ""
                        : String.format(Locale.ROOT, "; H2 file %.1f MB", round.fileBytes() / 1e6),
                round.anomalies().isEmpty() ? "" : "; answers that acknowledged nothing: " + round.anomalies()));
        Check check = round.after();
        line(String.format(Locale.ROOT, "  after the restart (ready in %d ms): %d facts checked (%s), %d "
                + "unverifiable (a write on them was in flight at a kill), %d lost", check.restartMillis(),
                check.checked(), all ? "all" : "the older executions sampled", check.unverifiable(),
                check.losses().size()));
        for (Loss loss : check.losses()) {
            line("  LOST " + loss.subject() + ": " + loss.problem() + whenAcknowledged(loss));
        }
        for (String fact : check.unanswered()) {
            line("  NOT CHECKED (the server did not answer the check) " + fact);
        }
    }

    private String whenAcknowledged(Loss loss) {
        long offset = loss.ack().nanos() - killNanos[loss.ack().round()];
        return String.format(Locale.ROOT, " (acknowledged in round %d, %s ms %s that round's kill)",
                loss.ack().round(), millis(Math.abs(offset)), offset <= 0 ? "before" : "after the signal of");
    }

    private long fileBytes() {
        if (databaseFile == null) {
            return -1;
        }
        try {
            return Files.exists(databaseFile) ? Files.size(databaseFile) : 0;
        } catch (IOException e) {
            return -1;
        }
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    private void line(String line) {
        text.append(line).append('\n');
        out.accept(line);
    }
}
