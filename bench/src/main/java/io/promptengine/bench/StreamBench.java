package io.promptengine.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The streaming benchmark: a {@link StreamStub} provider in this JVM streaming at a fixed pace, and
 * <ol>
 *   <li><b>time to first token</b>: {@code --clients} concurrent streaming clients, each starting its next stream
 *       when the previous one ends, first straight at the stub, then through Prompt Engine (its OpenAI-compatible
 *       provider pointed at the stub) on {@code /v1/chat/completions} and on the native {@code
 *       /v1/prompt/execute} with {@code "stream": true}; the difference of the percentiles is what Prompt Engine
 *       adds;</li>
 *   <li><b>open streams</b>: {@code --open-streams} streams started at {@code --ramp-rate} per second through the
 *       gateway and held open, counting how many were open at once (at the client and at the stub), the errors,
 *       and the server's threads, RSS and heap used after a full GC while they were all open.</li>
 * </ol>
 * See bench/README.md, "Streaming".
 */
public final class StreamBench {

    static final String PROMPT = "Explain quantum entanglement in one sentence.";
    static final String MODEL = "gpt-4o-mini";

    static final String USAGE = String.join("\n",
            "Usage: java -cp prompt-engine-bench.jar io.promptengine.bench.StreamBench [options]",
            "",
            "Gateway (Prompt Engine; one of, or neither with --no-gateway):",
            "  --jar PATH             start this server jar (default bootstrap/target/prompt-engine.jar) with",
            "                         OPENAI_BASE_URL = the stub, on a fresh temp H2 database",
            "  --url URL              a running server (loopback only) whose OpenAI provider points at",
            "                         --stub-port; needs --key",
            "  --no-gateway           measure the stub directly only",
            "  --java-home DIR, --jvm-arg ARG, --server-env K=V, --ready-timeout S, --key KEY, --pid PID",
            "                         as for the load driver",
            "",
            "Stub provider (in this JVM, 127.0.0.1):",
            "  --stub-port N          port (default 0: a free one)",
            "  --chunks N             content chunks per stream in the TTFT phases (default 20)",
            "  --first-ms MS          delay of the first content chunk (default 50)",
            "  --interval-ms MS       pause between chunks (default 50)",
            "  --stub-max-streams N   open streams beyond which the stub answers 503 (default 20000)",
            "",
            "Time to first token:",
            "  --clients K            concurrent streaming clients (default 32)",
            "  --duration S           measured seconds per target, in rounds of ~5 s taking turns (default 15)",
            "  --warmup S             unmeasured seconds on each target before the measuring (default 5)",
            "  --routes LIST          gateway routes: chat,execute (default both)",
            "",
            "Open streams (through the gateway, or the stub with --no-gateway):",
            "  --open-streams N       streams to hold open at once (default 2000; 0 skips the phase)",
            "  --ramp-rate R          new streams per second (default 400)",
            "  --hold S               seconds all are open after the ramp (default 10); chunks every 500 ms",
            "  --open-route R         chat or execute (default chat)",
            "",
            "  --timeout S            a stream's deadline (default 55; the server's is 60)",
            "  --label TEXT           label of the Markdown rows (default: the server JDK)",
            "  --markdown-ttft FILE   append the TTFT rows to FILE",
            "  --markdown-open FILE   append the open-streams row to FILE",
            "  --print-markdown-headers   print both tables' headers (TTFT, a blank line, open) and exit",
            "  --help");

    /** Command-line options; plain fields. */
    static final class Opts {
        String jar;
        String url;
        boolean noGateway;
        String javaHome;
        final List<String> jvmArgs = new ArrayList<>();
        final Map<String, String> serverEnv = new LinkedHashMap<>();
        double readyTimeoutS = 60;
        String key;
        long pid = -1;
        int stubPort;
        int chunks = 20;
        long firstMs = 50;
        long intervalMs = 50;
        int stubMaxStreams = 20_000;
        int clients = 32;
        double durationS = 15;
        double warmupS = 5;
        List<String> routes = List.of("chat", "execute");
        int openStreams = 2000;
        int rampRate = 400;
        double holdS = 10;
        String openRoute = "chat";
        double timeoutS = 55;
        String label;
        String markdownTtft;
        String markdownOpen;
        boolean headers;
        boolean help;

        static Opts parse(String... args) {
            Opts o = new Opts();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--help", "-h" -> o.help = true;
                    case "--no-gateway" -> o.noGateway = true;
                    case "--print-markdown-headers" -> o.headers = true;
                    default -> {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException("missing value for " + a);
                        }
                        o.set(a, args[++i]);
                    }
                }
            }
            o.validate();
            return o;
        }

        private void set(String name, String v) {
            switch (name) {
                case "--jar" -> jar = v;
                case "--url" -> url = v;
                case "--java-home" -> javaHome = v;
                case "--jvm-arg" -> jvmArgs.add(v);
                case "--server-env" -> Options.putServerEnv(serverEnv, v);
                case "--ready-timeout" -> readyTimeoutS = range(name, Double.parseDouble(v), 1, 600);
                case "--key" -> key = v;
                case "--pid" -> pid = Long.parseLong(v);
                case "--stub-port" -> stubPort = (int) range(name, Integer.parseInt(v), 0, 65535);
                case "--chunks" -> chunks = (int) range(name, Integer.parseInt(v), 1, 10_000);
                case "--first-ms" -> firstMs = (long) range(name, Long.parseLong(v), 0, 60_000);
                case "--interval-ms" -> intervalMs = (long) range(name, Long.parseLong(v), 0, 60_000);
                case "--stub-max-streams" -> stubMaxStreams = (int) range(name, Integer.parseInt(v), 1, 100_000);
                case "--clients" -> clients = (int) range(name, Integer.parseInt(v), 1, 4096);
                case "--duration" -> durationS = range(name, Double.parseDouble(v), 0.1, 3600);
                case "--warmup" -> warmupS = range(name, Double.parseDouble(v), 0, 3600);
                case "--routes" -> routes = List.of(v.split(","));
                case "--open-streams" -> openStreams = (int) range(name, Integer.parseInt(v), 0, 50_000);
                case "--ramp-rate" -> rampRate = (int) range(name, Integer.parseInt(v), 1, 100_000);
                case "--hold" -> holdS = range(name, Double.parseDouble(v), 0, 600);
                case "--open-route" -> openRoute = v;
                case "--timeout" -> timeoutS = range(name, Double.parseDouble(v), 1, 3600);
                case "--label" -> label = v;
                case "--markdown-ttft" -> markdownTtft = v;
                case "--markdown-open" -> markdownOpen = v;
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }

        private void validate() {
            if (help || headers) {
                return;
            }
            Options.requireTarget(jar, url, key);
            for (String r : routes) {
                route(r);
            }
            route(openRoute);
            if (openStreams > stubMaxStreams) {
                throw new IllegalArgumentException("--open-streams is above --stub-max-streams");
            }
            if ((double) openStreams / rampRate + holdS >= timeoutS) {
                throw new IllegalArgumentException("ramp + hold must end before --timeout");
            }
        }

        private static double range(String name, double d, double min, double max) {
            if (!(d >= min && d <= max)) {
                throw new IllegalArgumentException(name + " must be in " + min + ".." + max);
            }
            return d;
        }
    }

    /** A route of the gateway: its path and its streaming request body. */
    record Route(String name, String path, String body) {
    }

    static Route route(String name) {
        return switch (name) {
            case "chat" -> new Route("chat", "/v1/chat/completions", chatBody());
            case "execute" -> new Route("execute", "/v1/prompt/execute",
                    "{\"model\":\"" + MODEL + "\",\"input\":\"" + PROMPT + "\",\"max_tokens\":64,\"stream\":true}");
            default -> throw new IllegalArgumentException("a route is chat or execute, got " + name);
        };
    }

    static String chatBody() {
        return "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT
                + "\"}],\"max_tokens\":64,\"stream\":true,\"stream_options\":{\"include_usage\":true}}";
    }

    /** Figures of one TTFT phase. */
    static final class TtftResult {
        final String target;
        final Histogram ttft = new Histogram(3_600_000_000L, 3);
        final Histogram total = new Histogram(3_600_000_000L, 3);
        long ok;
        long usage;
        /** CPU seconds used by other processes while this target was measured, and the wall seconds of that. */
        double otherCpuS;
        double wallS;
        final Map<String, Long> errors = new TreeMap<>();

        TtftResult(String target) {
            this.target = target;
        }

        synchronized void record(StreamClient.Result r) {
            if (r.ok()) {
                ok++;
                ttft.recordValue(Math.max(0, (r.firstTokenNanos - r.sendNanos) / 1000));
                total.recordValue(Math.max(0, (r.endNanos - r.sendNanos) / 1000));
                if (r.usage) {
                    usage++;
                }
            } else {
                errors.merge(r.error == null ? "?" : r.error, 1L, Long::sum);
            }
        }

        long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Figures of the open-streams phase. */
    static final class OpenResult {
        int target;
        int maxOpenClient;
        int maxOpenStub;
        int openAtSample;
        long ok;
        final Map<String, Long> errors = new TreeMap<>();
        double rampS;
        long serverRssKb = -1;
        long serverThreads = -1;
        double[] heapAfterGcMb;
        long driverRssKb = -1;

        synchronized void record(StreamClient.Result r) {
            if (r.ok()) {
                ok++;
            } else {
                errors.merge(r.error == null ? "?" : r.error, 1L, Long::sum);
            }
        }

        synchronized long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Everything one run measured. */
    static final class Run {
        String jdk = "none";
        final List<TtftResult> ttft = new ArrayList<>();
        OpenResult open;
        int exitCode;
        String failure;
    }

    private StreamBench() {
    }

    public static void main(String[] args) {
        Opts o;
        try {
            o = Opts.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(64);
            return;
        }
        if (o.help) {
            System.out.println(USAGE);
            return;
        }
        if (o.headers) {
            System.out.println(ttftHeader());
            System.out.println();
            System.out.println(openHeader());
            return;
        }
        Run r = run(o, System.out);
        System.out.flush();
        System.exit(r.exitCode);
    }

    static Run run(Opts o, PrintStream out) {
        Run run = new Run();
        String key = o.key != null ? o.key : "pe_live_bench_" + HexFormat.of().formatHex(random(16));
        ServerProcess server = null;
        long fdLimit = fdLimit();
        int needFds = 2 * o.openStreams + 256; // this JVM holds both ends' sockets: to the gateway and from it
        if (fdLimit > 0 && fdLimit < needFds) {
            out.printf("warning  open files limit %d < %d this run needs; raise it (ulimit -n) or expect io errors%n",
                    fdLimit, needFds);
        }
        try (StreamStub stub = StreamStub.start(o.stubPort, new StreamStub.Pace(o.chunks, o.firstMs, o.intervalMs),
                o.stubMaxStreams);
                StreamClient client = new StreamClient(Duration.ofMillis((long) (o.timeoutS * 1000)))) {
            out.printf("stub     %s/v1/chat/completions: %d chunks, first after %d ms, then every %d ms%n",
                    stub.baseUrl(), o.chunks, o.firstMs, o.intervalMs);
            String gateway = null;
            long pid = o.pid;
            if (!o.noGateway && o.url == null) {
                Path jar = Paths.get(o.jar != null ? o.jar : LoadDriver.defaultJar());
                if (!Files.isRegularFile(jar)) {
                    throw new IOException("no server jar at " + jar.toAbsolutePath()
                            + " (build it with `mvn -B -q -DskipTests package` at the repo root, or pass --jar/--url)");
                }
                Options so = new Options();
                so.javaHome = o.javaHome;
                so.jvmArgs.addAll(o.jvmArgs);
                so.serverEnv.put("OPENAI_BASE_URL", stub.baseUrl());
                so.serverEnv.put("OPENAI_API_KEY", "sk-bench-stub");
                so.serverEnv.putAll(o.serverEnv);
                String java = ServerProcess.javaExecutable(o.javaHome);
                run.jdk = ServerProcess.javaVersion(java);
                server = ServerProcess.start(so, jar, key);
                // stop the server also when this JVM is told to stop (Ctrl-C, SIGTERM)
                Runtime.getRuntime().addShutdownHook(new Thread(server::close, "stop-server"));
                pid = server.pid();
                out.printf("server   %s -jar %s%n         JDK %s, pid %d, http://127.0.0.1:%d%n", java, jar, run.jdk,
                        pid, server.port);
                double readyMs = server.awaitReady(o.readyTimeoutS);
                server.liftDemoLimit();
                out.printf("ready    in %.0f ms; demo tenant on plan '%s'; OPENAI_BASE_URL=%s%n", readyMs,
                        ServerProcess.BENCH_PLAN, stub.baseUrl());
                gateway = "http://127.0.0.1:" + server.port;
            } else if (o.url != null) {
                gateway = o.url;
                run.jdk = "attached";
            }
            List<String> auth = List.of("Authorization", "Bearer " + key);

            // 1. time to first token: every target warmed up first, then measured in rounds taking turns, so a
            // disturbance of the machine (a JIT burst, another process) falls on all of them rather than on one
            URI direct = URI.create(stub.baseUrl() + "/v1/chat/completions");
            List<Target> targets = new ArrayList<>();
            targets.add(new Target(new TtftResult("direct (stub)"), direct, chatBody(), List.of()));
            if (gateway != null) {
                for (String name : o.routes) {
                    Route rt = route(name);
                    targets.add(new Target(new TtftResult("gateway " + rt.path()), URI.create(gateway + rt.path()),
                            rt.body(), auth));
                }
            }
            if (o.warmupS > 0) {
                out.printf(Locale.ROOT, "warmup   %s s on each of %d targets, %d clients%n", secs(o.warmupS),
                        targets.size(), o.clients);
                for (Target t : targets) {
                    phase(client, t, o.warmupS, new TtftResult(t.result.target), o, out);
                }
            }
            int rounds = (int) Math.max(1, Math.round(o.durationS / 5));
            out.printf(Locale.ROOT, "measure  %s s per target in %d round(s) taking turns, %d clients%n",
                    secs(o.durationS), rounds, o.clients);
            for (int i = 0; i < rounds; i++) {
                for (Target t : targets) {
                    long streamed0 = stub.started();
                    long whole0 = stub.whole();
                    long machine0 = ServerProcess.machineBusyTicks();
                    long server0 = pid > 0 ? ServerProcess.cpuTicks(pid) : 0;
                    long driver0 = LoadDriver.driverCpuNanos();
                    long wall0 = System.nanoTime();
                    phase(client, t, o.durationS / rounds, t.result, o, out);
                    long wall = System.nanoTime() - wall0;
                    long machine = ServerProcess.machineBusyTicks() - machine0;
                    long serverTicks = (pid > 0 ? ServerProcess.cpuTicks(pid) : 0) - server0;
                    long driver = LoadDriver.driverCpuNanos() - driver0;
                    if (machine0 >= 0 && driver0 >= 0 && serverTicks >= 0) {
                        // CPU of everything but this JVM and the server: other builds, other benchmarks
                        double other = machine / ServerProcess.CLOCK_TICKS - serverTicks / ServerProcess.CLOCK_TICKS
                                - driver / 1e9;
                        t.result.otherCpuS += Math.max(0, other);
                        t.result.wallS += wall / 1e9;
                    }
                    t.streamed += stub.started() - streamed0;
                    t.whole += stub.whole() - whole0;
                }
            }
            for (Target t : targets) {
                TtftResult m = t.result;
                out.printf(Locale.ROOT, "ttft     %-32s %5d ok %4d errors %s; TTFT ms %s; total ms %s; other CPU %s%n",
                        m.target, m.ok, m.errorCount(), errorText(m.errors), pct(m.ttft), pct(m.total), otherCpu(m));
                if (t != targets.get(0)) {
                    out.printf("         upstream calls at the stub: %d streamed, %d not streamed%s%n", t.streamed,
                            t.whole, t.whole > 0
                                    ? " (the gateway's provider did not stream them: TTFT = the whole answer)" : "");
                }
                run.ttft.add(m);
            }
            printTtft(run, out);

            // 2. many open streams
            if (o.openStreams > 0) {
                URI target;
                String body;
                List<String> headers;
                if (gateway != null) {
                    Route rt = route(o.openRoute);
                    target = URI.create(gateway + rt.path());
                    body = rt.body();
                    headers = auth;
                } else {
                    target = direct;
                    body = chatBody();
                    headers = List.of();
                }
                run.open = open(client, stub, target, body, headers, o, pid, server, out);
            }
            if (server != null && !server.isAlive()) {
                run.failure = "server exited during the run";
                run.exitCode = 2;
                out.println("error    " + run.failure + "; last log lines:\n" + server.logTail(40));
            } else if (run.ttft.stream().anyMatch(t -> t.ok == 0)) {
                run.exitCode = 3;
            }
        } catch (IOException | RuntimeException e) {
            run.failure = e.getMessage();
            run.exitCode = 2;
            out.println("error    " + e);
            if (server != null) {
                out.println("server log (last 40 lines):\n" + server.logTail(40));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.failure = "interrupted";
            run.exitCode = 2;
        } finally {
            if (server != null) {
                server.close();
                out.println("stopped  server; removed " + server.tempDir);
            }
        }
        try {
            writeMarkdown(o, run);
        } catch (IOException e) {
            out.println("error    writing markdown: " + e.getMessage());
        }
        return run;
    }

    /** One thing TTFT is measured against, and its figures over all rounds. */
    static final class Target {
        final TtftResult result;
        final URI uri;
        final String body;
        final List<String> headers;
        long streamed;
        long whole;

        Target(TtftResult result, URI uri, String body, List<String> headers) {
            this.result = result;
            this.uri = uri;
            this.body = body;
            this.headers = headers;
        }
    }

    /**
     * Closed loop for {@code seconds}: {@code clients} streams at a time, each client starting its next when its
     * previous ends; every stream started in the window is recorded in {@code into}, and waited for.
     */
    static void phase(StreamClient client, Target t, double seconds, TtftResult into, Opts o, PrintStream out)
            throws InterruptedException {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        CountDownLatch clients = new CountDownLatch(o.clients);
        for (int i = 0; i < o.clients; i++) {
            loop(client, t.uri, t.body, t.headers, end, into, clients);
        }
        // every stream ends by its deadline, so this wait is bounded
        if (!clients.await((long) (seconds + o.timeoutS + 5), TimeUnit.SECONDS)) {
            out.println("warning  " + clients.getCount() + " clients still running at the phase's end");
        }
    }

    private static void loop(StreamClient client, URI uri, String body, List<String> headers, long end,
            TtftResult into, CountDownLatch done) {
        if (System.nanoTime() >= end) {
            done.countDown();
            return;
        }
        client.start(uri, body, headers, r -> {
            into.record(r);
            if (r.error != null) {
                // a refused request ends at once: pause before the next rather than flood the server with them
                client.later(() -> loop(client, uri, body, headers, end, into, done), 20);
            } else {
                loop(client, uri, body, headers, end, into, done);
            }
        });
    }

    /** Starts {@code openStreams} long streams at {@code rampRate}/s, samples the server once all are open. */
    static OpenResult open(StreamClient client, StreamStub stub, URI uri, String body, List<String> headers,
            Opts o, long pid, ServerProcess server, PrintStream out) throws InterruptedException {
        OpenResult res = new OpenResult();
        res.target = o.openStreams;
        long intervalMs = 500;
        double lifeS = (double) o.openStreams / o.rampRate + o.holdS;
        int chunks = (int) Math.ceil(lifeS * 1000 / intervalMs) + 1;
        StreamStub.Pace before = stub.pace();
        stub.pace(new StreamStub.Pace(chunks, o.firstMs, intervalMs));
        stub.resetMaxOpen();
        client.resetMaxOpen();
        out.printf(Locale.ROOT, "open     %d streams to %s at %d/s, each %d chunks 500 ms apart (~%.0f s)%n",
                o.openStreams, uri, o.rampRate, chunks, lifeS);
        CountDownLatch ended = new CountDownLatch(o.openStreams);
        long t0 = System.nanoTime();
        for (int i = 0; i < o.openStreams; i++) {
            long due = t0 + (long) (i * 1e9 / o.rampRate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            client.start(uri, body, headers, r -> {
                res.record(r);
                ended.countDown();
            });
        }
        res.rampS = (System.nanoTime() - t0) / 1e9;
        // let the last ones get their headers, then sample while all are held open
        long settle = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < settle && client.open() + res.errorCount() < o.openStreams) {
            Thread.sleep(50);
        }
        res.openAtSample = client.open();
        out.printf(Locale.ROOT, "         ramp took %.1f s; open now: %d at the client, %d at the stub; errors %d%n",
                res.rampS, res.openAtSample, stub.open(), res.errorCount());
        if (pid > 0) {
            res.serverThreads = procStatus(pid, "Threads:");
            res.serverRssKb = procStatus(pid, "VmRSS:");
            String java = server != null ? server.javaCommand : ServerProcess.javaExecutable(o.javaHome);
            res.heapAfterGcMb = heapAfterGc(java, pid);
        }
        res.driverRssKb = procStatus(ProcessHandle.current().pid(), "VmRSS:");
        if (!ended.await((long) (lifeS + o.timeoutS + 10), TimeUnit.SECONDS)) {
            out.println("warning  " + ended.getCount() + " streams did not end in time");
        }
        res.maxOpenClient = client.maxOpen();
        res.maxOpenStub = stub.maxOpen();
        stub.pace(before);
        out.printf(Locale.ROOT, "         max open at once: %d at the client, %d at the stub; %d ok, errors %d %s%n",
                res.maxOpenClient, res.maxOpenStub, res.ok, res.errorCount(), errorText(res.errors));
        out.printf(Locale.ROOT, "         server at the peak: %s threads, RSS %s MB, heap after full GC %s MB "
                + "(driver+stub RSS %s MB)%n", res.serverThreads < 0 ? "?" : Long.toString(res.serverThreads),
                mb(res.serverRssKb), heapText(res.heapAfterGcMb), mb(res.driverRssKb));
        return res;
    }

    /** {@code jcmd PID GC.run}, then {@code GC.heap_info}: {used, committed} MB, or null. */
    static double[] heapAfterGc(String java, long pid) {
        Path jcmd = Paths.get(java).resolveSibling("jcmd");
        if (!Files.isExecutable(jcmd)) {
            return null;
        }
        ServerProcess.run(List.of(jcmd.toString(), Long.toString(pid), "GC.run"), 30);
        return ServerProcess.heapMb(java, pid);
    }

    /** A number field of /proc/PID/status ("VmRSS:" in kB, "Threads:"), or -1. */
    static long procStatus(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux, or gone
        }
        return -1;
    }

    /** The soft limit of open files of this process, or -1. */
    static long fdLimit() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                    return f[0].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(f[0]);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        return -1;
    }

    // ---- output -------------------------------------------------------------------------------

    static void printTtft(Run run, PrintStream out) {
        if (run.ttft.size() < 2) {
            return;
        }
        TtftResult d = run.ttft.get(0);
        for (TtftResult g : run.ttft.subList(1, run.ttft.size())) {
            out.printf(Locale.ROOT, "added    by Prompt Engine on %-22s TTFT p50 %s, p90 %s, p99 %s ms%n",
                    g.target.replace("gateway ", ""), added(g, d, 50), added(g, d, 90), added(g, d, 99));
        }
    }

    static String added(TtftResult g, TtftResult d, double p) {
        if (g.ok == 0 || d.ok == 0) {
            return "–";
        }
        return String.format(Locale.ROOT, "%+.1f",
                (g.ttft.getValueAtPercentile(p) - d.ttft.getValueAtPercentile(p)) / 1000.0);
    }

    static String ttftHeader() {
        return "| label | target | streams ok | errors | TTFT p50 ms | p90 | p99 | added p50 ms | added p90 | added p99 "
                + "| total p50 ms | total p99 | usage reported | other CPU |\n"
                + "|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";
    }

    static String openHeader() {
        return "| label | target streams | max open (client) | max open (stub) | ok | errors | ramp s "
                + "| server threads | server RSS MB | heap after GC MB (used / committed) | driver+stub RSS MB |\n"
                + "|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|";
    }

    static void writeMarkdown(Opts o, Run run) throws IOException {
        String label = o.label != null ? o.label : run.jdk;
        if (o.markdownTtft != null) {
            StringBuilder sb = new StringBuilder();
            TtftResult d = run.ttft.isEmpty() ? null : run.ttft.get(0);
            for (TtftResult t : run.ttft) {
                boolean isDirect = t == d;
                sb.append("| ").append(cell(label)).append(" | ").append(t.target).append(" | ").append(t.ok)
                        .append(" | ").append(t.errorCount() == 0 ? "0" : cell(t.errorCount() + " " + errorText(t.errors)))
                        .append(" | ").append(ms(t, t.ttft, 50)).append(" | ").append(ms(t, t.ttft, 90))
                        .append(" | ").append(ms(t, t.ttft, 99))
                        .append(" | ").append(isDirect ? "–" : added(t, d, 50))
                        .append(" | ").append(isDirect ? "–" : added(t, d, 90))
                        .append(" | ").append(isDirect ? "–" : added(t, d, 99))
                        .append(" | ").append(ms(t, t.total, 50)).append(" | ").append(ms(t, t.total, 99))
                        .append(" | ").append(t.usage).append(" | ").append(otherCpu(t)).append(" |\n");
            }
            if (run.ttft.isEmpty()) {
                sb.append("| ").append(cell(label)).append(" | failed: ").append(cell(String.valueOf(run.failure)))
                        .append(" | | | | | | | | | | | | |\n");
            }
            append(o.markdownTtft, sb.toString());
        }
        if (o.markdownOpen != null && (run.open != null || o.openStreams > 0)) {
            OpenResult r = run.open;
            String row = r == null
                    ? "| " + cell(label) + " | " + o.openStreams + " | failed: " + cell(String.valueOf(run.failure))
                            + " | | | | | | | | |\n"
                    : "| " + cell(label) + " | " + r.target + " | " + r.maxOpenClient + " | " + r.maxOpenStub + " | "
                            + r.ok + " | " + (r.errorCount() == 0 ? "0" : cell(r.errorCount() + " " + errorText(r.errors)))
                            + " | " + String.format(Locale.ROOT, "%.1f", r.rampS) + " | "
                            + (r.serverThreads < 0 ? "–" : r.serverThreads) + " | " + mb(r.serverRssKb) + " | "
                            + heapText(r.heapAfterGcMb) + " | " + mb(r.driverRssKb) + " |\n";
            append(o.markdownOpen, row);
        }
    }

    private static void append(String file, String text) throws IOException {
        Files.writeString(Paths.get(file), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    static String pct(Histogram h) {
        if (h.getTotalCount() == 0) {
            return "–";
        }
        return String.format(Locale.ROOT, "p50 %.1f p90 %.1f p99 %.1f max %.1f", h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(90) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0);
    }

    private static String ms(TtftResult t, Histogram h, double p) {
        return t.ok == 0 ? "–" : String.format(Locale.ROOT, "%.1f", h.getValueAtPercentile(p) / 1000.0);
    }

    static String errorText(Map<String, Long> errors) {
        if (errors.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("(");
        errors.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append(" x").append(v));
        return sb.append(')').toString();
    }

    /** Cores other processes used while the target was measured; near 0 on an idle machine. */
    static String otherCpu(TtftResult t) {
        return t.wallS <= 0 ? "–" : String.format(Locale.ROOT, "%.2f", t.otherCpuS / t.wallS);
    }

    private static String secs(double s) {
        return s == Math.rint(s) ? String.format(Locale.ROOT, "%.0f", s) : String.format(Locale.ROOT, "%.1f", s);
    }

    private static String mb(long kb) {
        return kb < 0 ? "–" : String.format(Locale.ROOT, "%.0f", kb / 1024.0);
    }

    private static String heapText(double[] heap) {
        return heap == null ? "–" : String.format(Locale.ROOT, "%.0f / %.0f", heap[0], heap[1]);
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
