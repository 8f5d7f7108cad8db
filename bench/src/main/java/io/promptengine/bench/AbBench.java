package io.promptengine.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Two configurations of the server measured in turns: both servers run at once (the one not being measured is
 * idle), each is warmed up until steady, then every round measures each concurrency on A and on B, A first in odd
 * rounds and B first in even ones, after a round 0 that is not counted. On a machine whose speed drifts by tens of per cent over minutes (this project's
 * 2-core VM does), measuring one configuration after the other compares the drift; taking turns every few seconds
 * compares the configurations. See bench/README.md, "The cost of metrics and tracing".
 *
 * <pre>
 * java -cp prompt-engine-bench.jar io.promptengine.bench.AbBench [driver options] [--rounds N]
 *      [--concurrencies 1,64] [--a-env K=V]... [--b-env K=V]... [--a-jvm-arg ARG]... [--b-jvm-arg ARG]...
 *      [--a-otlp-sink] [--b-otlp-sink]
 *      [--a-label TEXT] [--b-label TEXT]
 * </pre>
 *
 * The driver options are {@link LoadDriver}'s (a server the bench starts: {@code --jar}, {@code --java-home},
 * {@code --jvm-arg}, {@code --server-env} for both, {@code --upstream}, {@code --warmup…}, {@code --duration},
 * {@code --markdown}, {@code --summary}); the load is a closed loop.
 */
public final class AbBench {

    /** One measured phase: a side at a concurrency in a round. */
    record Sample(double throughput, double p50Ms, double p99Ms, double cpuMsPerRequest) {
    }

    /** A side: its options, server and samples by concurrency. */
    static final class Side {
        final String label;
        final Options options;
        final List<String> env = new ArrayList<>();
        boolean otlpSink;
        OtlpSink sink;
        ServerProcess server;
        List<List<Sample>> samples = new ArrayList<>();
        Warmup.Outcome warmup = Warmup.Outcome.NONE;
        long rssKb = -1;

        Side(String label, Options options) {
            this.label = label;
            this.options = options;
        }
    }

    private AbBench() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            code = 64;
        }
        System.out.flush();
        System.exit(code);
    }

    static int run(String[] args, PrintStream out) {
        List<String> common = new ArrayList<>();
        List<String> aEnv = new ArrayList<>();
        List<String> bEnv = new ArrayList<>();
        List<String> aJvm = new ArrayList<>();
        List<String> bJvm = new ArrayList<>();
        boolean aSink = false;
        boolean bSink = false;
        String aLabel = "A";
        String bLabel = "B";
        int rounds = 5;
        int[] concurrencies = {1, 64};
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--a-env" -> aEnv.add(value(args, ++i, a));
                case "--b-env" -> bEnv.add(value(args, ++i, a));
                case "--a-jvm-arg" -> aJvm.add(value(args, ++i, a));
                case "--b-jvm-arg" -> bJvm.add(value(args, ++i, a));
                case "--a-otlp-sink" -> aSink = true;
                case "--b-otlp-sink" -> bSink = true;
                case "--a-label" -> aLabel = value(args, ++i, a);
                case "--b-label" -> bLabel = value(args, ++i, a);
                case "--rounds" -> rounds = Integer.parseInt(value(args, ++i, a));
                case "--print-markdown-header" -> {
                    out.println(markdownHeader());
                    return 0;
                }
                case "--concurrencies" -> concurrencies = Arrays.stream(value(args, ++i, a).split(","))
                        .mapToInt(s -> Integer.parseInt(s.strip())).toArray();
                default -> common.add(a);
            }
        }
        if (rounds < 1 || rounds > 100) {
            throw new IllegalArgumentException("--rounds is 1 to 100, got " + rounds);
        }
        if (concurrencies.length == 0 || Arrays.stream(concurrencies).anyMatch(c -> c < 1 || c > 4096)) {
            throw new IllegalArgumentException("--concurrencies wants numbers from 1 to 4096");
        }
        Side a = side(aLabel, common, aEnv, aJvm, aSink);
        Side b = side(bLabel, common, bEnv, bJvm, bSink);
        if (a.options.url != null || a.options.direct || a.options.gateway != null) {
            throw new IllegalArgumentException("AbBench starts both servers itself: not with --url, --direct or --gateway");
        }
        Options o = a.options;
        String key = LoadDriver.key(o);
        UpstreamStub stub = null;
        List<Side> sides = List.of(a, b);
        // Ctrl-C stops both servers too, as it does the one LoadDriver starts
        Thread hook = new Thread(() -> sides.forEach(s -> {
            if (s.server != null) {
                s.server.close();
            }
        }), "stop-servers");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (o.upstream) {
                stub = UpstreamStub.start();
                out.printf("stub     OpenAI-compatible upstream stub at %s, shared by both servers%n", stub.baseUrl());
            }
            Path jar = Paths.get(o.jar != null ? o.jar : LoadDriver.defaultJar());
            for (Side s : sides) {
                if (stub != null) {
                    LoadDriver.pointAtStub(s.options, stub);
                }
                if (s.otlpSink) {
                    s.sink = OtlpSink.start();
                    s.options.serverEnv.putIfAbsent("OTEL_EXPORTER_OTLP_ENDPOINT", s.sink.endpoint());
                }
                s.server = ServerProcess.start(s.options, jar, key);
                double ready = s.server.awaitReady(o.readyTimeoutS);
                s.server.liftDemoLimit();
                out.printf("server   %s: pid %d, JDK %s, ready in %.0f ms, its own settings %s%s%n", s.label, s.server.pid(),
                        ServerProcess.javaVersion(s.server.javaCommand), ready, s.env,
                        s.sink != null ? " + spans to a stand-in OTLP collector" : "");
                for (int c = 0; c < concurrencies.length; c++) {
                    s.samples.add(new ArrayList<>());
                }
            }
            for (Side s : sides) {
                int warmConns = o.warmupConcurrency > 0 ? o.warmupConcurrency : concurrencies[concurrencies.length - 1];
                out.printf("warmup   %s: closed loop, %d connections, at least %s s, until steady%n", s.label,
                        warmConns, o.warmupS);
                Connection[] conns = LoadDriver.connections(o, warmConns, "127.0.0.1", s.server.port, key);
                try {
                    s.warmup = Warmup.run(o, new LoadRunner(conns), 0, s.server.pid(), s.server::isAlive, out);
                } finally {
                    LoadDriver.closeAll(conns);
                }
            }
            // round 0 is not counted: the first measurement after a side sat idle through the other's warm-up was
            // the slowest of its run (thread pools and connection pools shrink when idle, caches go cold)
            for (int round = 0; round <= rounds; round++) {
                for (int c = 0; c < concurrencies.length; c++) {
                    List<Side> order = round % 2 == 1 ? sides : List.of(b, a);
                    for (Side s : order) {
                        Sample m = measure(o, s, concurrencies[c], key);
                        if (round > 0) {
                            s.samples.get(c).add(m);
                        }
                        out.printf(Locale.ROOT, "round %d  %-4s %3d conn  %,9.0f req/s  p50 %.3f  p99 %.3f ms  CPU %.3f "
                                + "ms/req%s%n", round, s.label, concurrencies[c], m.throughput(), m.p50Ms(), m.p99Ms(),
                                m.cpuMsPerRequest(), round == 0 ? "  (not counted)" : "");
                    }
                }
            }
            for (Side s : sides) {
                if (!s.server.isAlive()) {
                    out.println("error    server " + s.label + " exited during the run:\n" + s.server.logTail(40));
                    return 2;
                }
                s.rssKb = ServerProcess.rssKb(s.server.pid())[0];
            }
            report(o, a, b, concurrencies, rounds, out);
            return 0;
        } catch (IOException | RuntimeException e) {
            out.println("error    " + e.getMessage());
            for (Side s : sides) {
                if (s.server != null) {
                    out.println("server " + s.label + " log (last 20 lines):\n" + s.server.logTail(20));
                }
            }
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        } finally {
            for (Side s : sides) {
                if (s.server != null) {
                    s.server.close();
                }
                if (s.sink != null) {
                    out.printf("otlp     %s: %d exports received%n", s.label, s.sink.exports());
                    s.sink.close();
                }
            }
            if (stub != null) {
                stub.close();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
    }

    private static Side side(String label, List<String> common, List<String> env, List<String> jvmArgs,
            boolean sink) {
        List<String> args = new ArrayList<>(common);
        for (String e : env) {
            args.add("--server-env");
            args.add(e);
        }
        for (String j : jvmArgs) {
            args.add("--jvm-arg");
            args.add(j);
        }
        Side s = new Side(label, Options.parse(args.toArray(String[]::new)));
        s.env.addAll(env);
        s.env.addAll(jvmArgs);
        s.otlpSink = sink;
        return s;
    }

    private static Sample measure(Options o, Side s, int concurrency, String key) throws InterruptedException {
        Connection[] conns = LoadDriver.connections(o, concurrency, "127.0.0.1", s.server.port, key);
        try {
            long ticks0 = ServerProcess.cpuTicks(s.server.pid());
            LoadRunner.PhaseResult m = new LoadRunner(conns).run(0, o.durationS, o.drainS, o.timeoutMs,
                    s.server::isAlive);
            long ticks1 = ServerProcess.cpuTicks(s.server.pid());
            double cpu = ticks0 >= 0 && ticks1 >= 0 && m.ok > 0
                    ? (ticks1 - ticks0) / ServerProcess.CLOCK_TICKS * 1000 / m.ok : Double.NaN;
            if (m.errorCount() > 0) {
                throw new IllegalStateException(s.label + " answered errors: " + LoadDriver.errorText(m));
            }
            return new Sample(m.throughput(), m.latency.getValueAtPercentile(50) / 1000.0,
                    m.latency.getValueAtPercentile(99) / 1000.0, cpu);
        } finally {
            LoadDriver.closeAll(conns);
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static double median(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> f) {
        return median(samples.stream().mapToDouble(f).toArray());
    }

    private static void report(Options o, Side a, Side b, int[] concurrencies, int rounds, PrintStream out)
            throws IOException {
        out.printf("result   medians of %d rounds of %s s per side and concurrency, the sides taking turns%n", rounds,
                o.durationS);
        for (int c = 0; c < concurrencies.length; c++) {
            List<Sample> sa = a.samples.get(c);
            List<Sample> sb = b.samples.get(c);
            double ta = median(sa, Sample::throughput);
            double tb = median(sb, Sample::throughput);
            double pa = median(sa, Sample::p50Ms);
            double pb = median(sb, Sample::p50Ms);
            double ca = median(sa, Sample::cpuMsPerRequest);
            double cb = median(sb, Sample::cpuMsPerRequest);
            // the per-round ratio cancels what drifts between rounds; its median is the figure to read
            double[] ratios = new double[sa.size()];
            double[] diffs = new double[sa.size()];
            for (int i = 0; i < ratios.length; i++) {
                ratios[i] = sb.get(i).throughput() / sa.get(i).throughput();
                diffs[i] = sb.get(i).p50Ms() - sa.get(i).p50Ms();
            }
            out.printf(Locale.ROOT, "         %3d conn: %s %,.0f req/s p50 %.3f ms CPU %.3f ms/req; %s %,.0f req/s p50 %.3f ms"
                    + " CPU %.3f ms/req%n", concurrencies[c], a.label, ta, pa, ca, b.label, tb, pb, cb);
            out.printf(Locale.ROOT, "                   %s / %s throughput, median of the rounds' ratios: %+.1f %% (rounds %s);"
                    + " p50 %s - %s: %+.3f ms; CPU per request %+.1f %%%n", b.label, a.label,
                    100 * median(ratios) - 100, Arrays.toString(Arrays.stream(ratios)
                            .mapToObj(r -> String.format(Locale.ROOT, "%+.1f", 100 * r - 100)).toArray()),
                    b.label, a.label, median(diffs), 100 * cb / ca - 100);
            for (Side s : List.of(a, b)) {
                List<Sample> ss = s.samples.get(c);
                String label = s.label + " " + concurrencies[c] + "-conn";
                if (o.summary != null) {
                    Files.writeString(Paths.get(o.summary), String.join("\t", label,
                            String.format(Locale.ROOT, "%.0f", median(ss, Sample::throughput)),
                            String.format(Locale.ROOT, "%.3f", median(ss, Sample::p50Ms)),
                            String.format(Locale.ROOT, "%.3f", median(ss, Sample::p99Ms)),
                            String.format(Locale.ROOT, "%.3f", median(ss, Sample::cpuMsPerRequest)),
                            String.format(Locale.ROOT, "%.0f", s.rssKb / 1024.0)) + "\n",
                            StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
                if (o.markdown != null) {
                    Files.writeString(Paths.get(o.markdown), String.format(Locale.ROOT,
                            "| %s | %s | %,.0f | %.3f | %.3f | %.3f | %s | %s |%n", label,
                            ss.stream().map(x -> String.format(Locale.ROOT, "%,.0f", x.throughput()))
                                    .reduce((x, y) -> x + " / " + y).orElse(""),
                            median(ss, Sample::throughput), median(ss, Sample::p50Ms), median(ss, Sample::p99Ms),
                            median(ss, Sample::cpuMsPerRequest), s.warmup.cell(),
                            s == b ? String.format(Locale.ROOT, "%+.1f %% req/s, %+.3f ms p50", 100 * median(ratios) - 100,
                                    median(diffs)) : ""),
                            StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
            }
        }
    }

    /** The Markdown table header of {@link #report}'s rows. */
    static String markdownHeader() {
        return "| side, connections | req/s by round | median req/s | p50 ms | p99 ms | CPU ms/req | warm-up s "
                + "| against the other side |\n|---|---|--:|--:|--:|--:|--:|---|";
    }

    private static String value(String[] args, int i, String name) {
        if (i >= args.length) {
            throw new IllegalArgumentException("missing value for " + name);
        }
        return args[i];
    }

}
