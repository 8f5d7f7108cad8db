package io.promptengine.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * The unmeasured phase before a measurement: either a fixed time ({@code --fixed-warmup}), or windows of load until
 * the server's cost per request stops falling. On two saturated cores JDK 17's C2 needs 50–65 s to compile the
 * request path; a fixed 20 s warm-up measured the steep part of that curve, and two runs of the same build differed
 * twofold (bench/README.md, "Warm-up").
 */
final class Warmup {

    /** Windows on each side of the comparison of {@link #steady}. */
    static final int SPAN = 3;

    /**
     * One window of warm-up load: its successes and throughput and, when the server's pid is known, its CPU per
     * request and the share of that CPU its JIT compiler threads took (negative when unknown).
     */
    record Window(long ok, double throughput, double cpuMsPerRequest, double jitShare) {

        /**
         * What the steady rule compares: CPU ms per request when the server's CPU is measured (at a fixed rate the
         * throughput cannot fall, its CPU can; negative when there is no pid to measure), else the time per
         * response; NaN for a window with no success.
         */
        double cost() {
            if (ok <= 0 || throughput <= 0) {
                return Double.NaN;
            }
            return cpuMsPerRequest >= 0 ? cpuMsPerRequest : 1000 / throughput;
        }
    }

    /** How the phase ended: its length, and whether the steady rule held (null for a fixed warm-up). */
    record Outcome(double seconds, Boolean steady) {

        static final Outcome NONE = new Outcome(0, null);

        /** The Markdown cell: seconds, and why the phase ended when not by the rule. */
        String cell() {
            String s = String.format(Locale.ROOT, "%.0f", seconds);
            if (steady == null) {
                return seconds > 0 ? s + " (fixed)" : s;
            }
            return steady ? s : s + " (not steady)";
        }
    }

    private Warmup() {
    }

    /**
     * Steady when the mean cost of the last {@link #SPAN} windows is at least {@code 1 - tolerance} times the mean of
     * the {@code SPAN} before them — the cost per request no longer falls by more than the tolerance over that
     * span — and, where the JIT's share is known, the JIT took at most {@code jitLimit} of the server's CPU in each
     * of the last two windows. A window without a success never counts as steady. Comparing two windows with two
     * was not enough: on JDK 17 the climb pauses for 15–20 s at a time while C2 works through its queue.
     */
    static boolean steady(List<Window> windows, double tolerance, double jitLimit) {
        int n = windows.size();
        if (n < 2 * SPAN) {
            return false;
        }
        double last = 0;
        double before = 0;
        for (int i = 0; i < SPAN; i++) {
            last += windows.get(n - 1 - i).cost();
            before += windows.get(n - 1 - SPAN - i).cost();
        }
        if (!(last >= before * (1 - tolerance))) {
            return false;
        }
        for (int i = n - 2; i < n; i++) {
            double jit = windows.get(i).jitShare();
            if (jit >= 0 && jit > jitLimit) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs the warm-up load on {@code runner}: for {@code --fixed-warmup} one phase of {@code --warmup} s; otherwise
     * windows of {@code --warmup-window} s until {@link #steady} holds after at least {@code --warmup} s, or
     * {@code --warmup-max} s have passed (then the outcome says so and the measurement goes ahead).
     */
    static Outcome run(Options o, LoadRunner runner, int rate, long pid, BooleanSupplier alive, PrintStream out)
            throws InterruptedException {
        double drain = Math.min(o.drainS, 5);
        if (o.fixedWarmup) {
            LoadRunner.PhaseResult w = runner.run(rate, o.warmupS, drain, o.timeoutMs, alive);
            out.printf("         %d ok, %d errors%n", w.ok, w.errorCount());
            return new Outcome(w.elapsedNanos / 1e9, null);
        }
        List<Window> windows = new ArrayList<>();
        long start = System.nanoTime();
        long errors = 0;
        while (true) {
            long ticks0 = pid > 0 ? ServerProcess.cpuTicks(pid) : -1;
            long jit0 = pid > 0 ? ServerProcess.compilerTicks(pid) : -1;
            long t0 = System.nanoTime();
            LoadRunner.PhaseResult w = runner.run(rate, o.warmupWindowS, drain, o.timeoutMs, alive);
            long t1 = System.nanoTime();
            long ticks1 = pid > 0 ? ServerProcess.cpuTicks(pid) : -1;
            long jit1 = pid > 0 ? ServerProcess.compilerTicks(pid) : -1;
            double cpuMs = ticks0 >= 0 && ticks1 >= 0
                    ? (ticks1 - ticks0) / ServerProcess.CLOCK_TICKS * 1000 / Math.max(1, w.ok) : -1;
            // a compiler thread that ends takes its ticks along: a negative difference counts as none
            double jitShare = jit0 >= 0 && jit1 >= 0 && ticks1 > ticks0
                    ? Math.max(0, jit1 - jit0) / (double) (ticks1 - ticks0) : -1;
            Window win = new Window(w.ok, w.ok * 1e9 / Math.max(1, t1 - t0), cpuMs, jitShare);
            windows.add(win);
            errors += w.errorCount();
            double elapsed = (t1 - start) / 1e9;
            out.printf(Locale.ROOT, "         %5.0f s  %,9.0f req/s  CPU %s ms/req  JIT %s%s%n", elapsed,
                    win.throughput(), cpuMs >= 0 ? String.format(Locale.ROOT, "%.3f", cpuMs) : "n/a",
                    jitShare >= 0 ? String.format(Locale.ROOT, "%.0f %%", jitShare * 100) : "n/a",
                    w.errorCount() > 0 ? "  " + w.errorCount() + " errors" : "");
            if (!alive.getAsBoolean()) {
                return new Outcome(elapsed, false);
            }
            if (elapsed >= o.warmupS && steady(windows, o.steadyTolerance, o.steadyJit)) {
                out.printf(Locale.ROOT, "         steady after %.0f s (%s fell by less than %.0f %% over the last %d "
                        + "windows%s), %d errors%n", elapsed, pid > 0 ? "CPU per request" : "time per response",
                        o.steadyTolerance * 100, SPAN, win.jitShare() >= 0
                                ? String.format(Locale.ROOT, ", the JIT at most %.0f %% of it", o.steadyJit * 100) : "",
                        errors);
                return new Outcome(elapsed, true);
            }
            if (elapsed + o.warmupWindowS > o.warmupMaxS) {
                out.printf(Locale.ROOT, "         not steady after %.0f s (--warmup-max): measuring anyway, %d errors%n",
                        elapsed, errors);
                return new Outcome(elapsed, false);
            }
        }
    }
}
