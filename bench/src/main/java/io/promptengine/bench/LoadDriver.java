package io.promptengine.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * Load driver for Prompt Engine: starts the server jar (or attaches to a running server), waits for
 * readiness, runs a warmup and a measured phase of POST /v1/prompt/execute, prints throughput, latency
 * percentiles, errors by status and the server's memory and CPU, then stops the server.
 * See bench/README.md.
 */
public final class LoadDriver {

    static final String DEFAULT_JAR = "bootstrap/target/prompt-engine.jar";

    /** Everything one run measured; {@link #exitCode} 0 = ran, 2 = server failure, 3 = no success. */
    static final class RunResult {
        String jdk = "?";
        long pid = -1;
        Path tempDir;
        double readyMs = -1;
        LoadRunner.PhaseResult measured;
        Warmup.Outcome warmup = Warmup.Outcome.NONE;
        long rssKb = -1;
        long peakRssKb = -1;
        double[] heapMb;
        double serverCores = -1;
        double driverCores = -1;
        /** The upstream stub's thread (in the driver's JVM), when there is one. */
        double stubCores = -1;
        long stubRequests = -1;
        /** CPU used by everything else on the machine during the measurement (other builds, ...). */
        double otherCores = -1;
        String failure;
        int exitCode;
    }

    private LoadDriver() {
    }

    public static void main(String[] args) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(64);
            return;
        }
        if (o.help) {
            System.out.println(Options.USAGE);
            return;
        }
        if (o.printMarkdownHeader) {
            System.out.println(markdownHeader());
            return;
        }
        RunResult r = run(o, System.out);
        System.out.flush();
        System.exit(r.exitCode);
    }

    static RunResult run(Options o, PrintStream out) {
        RunResult r = new RunResult();
        String key = key(o);
        ServerProcess server = null;
        UpstreamStub stub = null;
        OtlpSink sink = null;
        Thread hook = null;
        Connection[] conns = new Connection[0];
        String host;
        int port;
        try {
            if (o.upstream || o.direct || o.gateway != null) {
                stub = UpstreamStub.start();
                o.stubIs(stub.baseUrl());
                out.printf("stub     OpenAI-compatible upstream stub (one NIO thread in this JVM) at %s%n", stub.baseUrl());
                if (o.upstream) {
                    pointAtStub(o, stub);
                }
            }
            if (o.otlpSink) {
                sink = OtlpSink.start();
                o.serverEnv.putIfAbsent("OTEL_EXPORTER_OTLP_ENDPOINT", sink.endpoint());
                out.printf("otlp     stand-in OpenTelemetry collector (OTLP/HTTP) in this JVM at %s%n", sink.endpoint());
            }
            if (o.direct) {
                host = "127.0.0.1";
                port = stub.port();
                r.jdk = "direct";
                out.printf("server   none: requests go straight to the stub%n");
            } else if (o.gateway != null) {
                URI u = URI.create(o.gateway);
                host = u.getHost();
                port = u.getPort();
                r.pid = o.pid;
                r.jdk = "gateway";
                out.printf("server   the gateway at %s%s, proxying chat completions to the stub%n", o.gateway,
                        r.pid > 0 ? " (pid " + r.pid + ")" : "");
            } else if (o.url == null) {
                Path jar = Paths.get(o.jar != null ? o.jar : defaultJar());
                if (!Files.isRegularFile(jar)) {
                    throw new IOException("no server jar at " + jar.toAbsolutePath()
                            + " (build it with `mvn -B -q -DskipTests package` at the repo root, or pass --jar/--url)");
                }
                String java = ServerProcess.javaExecutable(o.javaHome);
                r.jdk = ServerProcess.javaVersion(java);
                server = ServerProcess.start(o, jar, key);
                ServerProcess s = server;
                hook = new Thread(s::close, "stop-server");
                Runtime.getRuntime().addShutdownHook(hook);
                r.pid = server.pid();
                r.tempDir = server.tempDir;
                host = "127.0.0.1";
                port = server.port;
                out.printf("server   %s -jar %s%n         JDK %s, pid %d, http://127.0.0.1:%d, db in %s%n",
                        java, jar, r.jdk, r.pid, port, server.tempDir);
                r.readyMs = server.awaitReady(o.readyTimeoutS);
                out.printf("ready    in %.0f ms from process start (GET /health/ready = 200)%n", r.readyMs);
                server.liftDemoLimit();
                out.printf("plan     demo tenant on plan '%s' (%,d requests/min): limits checked, never binding%n",
                        ServerProcess.BENCH_PLAN, ServerProcess.BENCH_REQUESTS_PER_MINUTE);
            } else {
                URI u = URI.create(o.url);
                host = u.getHost();
                port = u.getPort() > 0 ? u.getPort() : 80;
                r.pid = o.pid;
                r.jdk = "attached";
                int st = ServerProcess.status(host, port, "/health/ready", 2000);
                if (st != 200) {
                    throw new IOException("GET " + o.url + "/health/ready answered " + st + ", not 200");
                }
                out.printf("server   attached to %s%s%n", o.url, r.pid > 0 ? " (pid " + r.pid + ")" : "");
            }
            Options.requireLoopback(host);
            conns = connections(o, o.concurrency, host, port, key);
            LoadRunner runner = new LoadRunner(conns);
            ServerProcess watched = server;
            long attachedPid = r.pid;
            java.util.function.BooleanSupplier alive = () -> watched != null ? watched.isAlive()
                    : attachedPid <= 0 || ProcessHandle.of(attachedPid).map(ProcessHandle::isAlive).orElse(false);
            int rate = o.saturate ? 0 : o.rate;
            String mode = modeText(o);
            String warmText = o.fixedWarmup ? secs(o.warmupS) + " s"
                    : String.format(Locale.ROOT, "at least %s s, until steady (windows of %s s, at most %s s)",
                            secs(o.warmupS), secs(o.warmupWindowS), secs(o.warmupMaxS));
            if (o.warmupS > 0 && o.warmupConcurrency > 0) {
                out.printf("warmup   closed loop, %d connections of its own, %s%n", o.warmupConcurrency, warmText);
                Connection[] warm = connections(o, o.warmupConcurrency, host, port, key);
                try {
                    r.warmup = Warmup.run(o, new LoadRunner(warm), 0, r.pid, alive, out);
                } finally {
                    closeAll(warm);
                }
            } else if (o.warmupS > 0) {
                out.printf("warmup   %s, %s%n", mode, warmText);
                r.warmup = Warmup.run(o, runner, rate, r.pid, alive, out);
            }
            out.printf("measure  %s, %s s%n", mode, secs(o.durationS));
            long serverTicks0 = r.pid > 0 ? ServerProcess.cpuTicks(r.pid) : -1;
            long stubCpu0 = stub != null ? stub.cpuNanos() : -1;
            long stubRequests0 = stub != null ? stub.requests() : 0;
            long driverCpu0 = driverCpuNanos();
            long machine0 = ServerProcess.machineBusyTicks();
            long wall0 = System.nanoTime();
            LoadRunner.PhaseResult m = runner.run(rate, o.durationS, o.drainS, o.timeoutMs, alive);
            long wall = System.nanoTime() - wall0;
            long driverCpu1 = driverCpuNanos();
            long stubCpu1 = stub != null ? stub.cpuNanos() : -1;
            long machine1 = ServerProcess.machineBusyTicks();
            long serverTicks1 = r.pid > 0 ? ServerProcess.cpuTicks(r.pid) : -1;
            r.measured = m;
            if (stub != null) {
                r.stubRequests = stub.requests() - stubRequests0;
            }
            if (stubCpu0 >= 0 && stubCpu1 >= 0) {
                r.stubCores = (stubCpu1 - stubCpu0) / (double) wall;
            }
            if (driverCpu0 >= 0 && driverCpu1 >= 0) {
                // the stub's thread runs in this JVM: its share is reported apart
                r.driverCores = (driverCpu1 - driverCpu0) / (double) wall - Math.max(0, r.stubCores);
            }
            if (serverTicks0 >= 0 && serverTicks1 >= 0) {
                r.serverCores = (serverTicks1 - serverTicks0) / ServerProcess.CLOCK_TICKS / (wall / 1e9);
            }
            if (machine0 >= 0 && machine1 >= 0 && r.driverCores >= 0 && (r.serverCores >= 0 || o.direct)) {
                double all = (machine1 - machine0) / ServerProcess.CLOCK_TICKS / (wall / 1e9);
                r.otherCores = Math.max(0, all - r.driverCores - Math.max(0, r.serverCores)
                        - Math.max(0, r.stubCores));
            }
            if (r.pid > 0) {
                long[] rss = ServerProcess.rssKb(r.pid);
                r.rssKb = rss[0];
                r.peakRssKb = rss[1];
                String java = server != null ? server.javaCommand : ServerProcess.javaExecutable(o.javaHome);
                // jcmd attaches with SIGQUIT, which ends a gateway that is not a JVM (Node.js does)
                r.heapMb = o.gateway != null ? null : ServerProcess.heapMb(java, r.pid);
            }
            if (server != null && !server.isAlive()) {
                r.failure = "server exited during the run";
                r.exitCode = 2;
                out.println("error    " + r.failure + "; last log lines:\n" + server.logTail(40));
            } else if (m.ok == 0) {
                r.exitCode = 3;
            }
            report(o, r, out);
            if (o.markdown != null) {
                Files.writeString(Paths.get(o.markdown), markdownRow(o, r) + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            if (o.summary != null) {
                Files.writeString(Paths.get(o.summary), summaryLine(o, r) + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        } catch (IOException | RuntimeException e) {
            r.failure = e.getMessage();
            r.exitCode = 2;
            out.println("error    " + e.getMessage());
            if (server != null) {
                out.println("server log (last 40 lines):\n" + server.logTail(40));
            }
            if (o.markdown != null) {
                try {
                    Files.writeString(Paths.get(o.markdown), markdownRow(o, r) + "\n", StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                } catch (IOException ignored) {
                    // reported above
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            r.failure = "interrupted";
            r.exitCode = 2;
        } finally {
            if (sink != null) {
                out.printf("otlp     %d exports received, %.1f KB in all%n", sink.exports(), sink.bytes() / 1024.0);
                sink.close();
            }
            if (stub != null) {
                stub.close();
            }
            closeAll(conns);
            if (server != null) {
                server.close();
                out.printf("stopped  server pid %d; removed %s%n", r.pid, server.tempDir);
            }
            if (hook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException ignored) {
                    // already shutting down
                }
            }
        }
        return r;
    }

    static Connection[] connections(Options o, int count, String host, int port, String key) {
        Connection[] conns = new Connection[count];
        if (o.client.equals("jdk")) {
            HttpClient client = JdkConnection.newClient(o.timeoutMs);
            HttpRequest req = JdkConnection.newRequest("http://" + hostForUrl(host) + ":" + port, o, key);
            for (int i = 0; i < conns.length; i++) {
                conns[i] = new JdkConnection(client, req, o.checkBody);
            }
        } else {
            byte[] req = SocketConnection.buildRequest(host, port, o, key);
            InetSocketAddress addr = new InetSocketAddress(host, port);
            for (int i = 0; i < conns.length; i++) {
                conns[i] = new SocketConnection(addr, req, o.timeoutMs, o.checkBody);
            }
        }
        return conns;
    }

    private static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** bootstrap/target/prompt-engine.jar from the cwd, or from its parent (when run inside bench/). */
    static String defaultJar() {
        Path here = Paths.get(DEFAULT_JAR);
        if (Files.exists(here)) {
            return here.toString();
        }
        Path up = Paths.get("..", DEFAULT_JAR);
        return Files.exists(up) ? up.toString() : DEFAULT_JAR;
    }

    static String modeText(Options o) {
        return (o.saturate
                ? String.format("closed loop, %d connections", o.concurrency)
                : String.format("open loop %d req/s, %d connections", o.rate, o.concurrency))
                + ", client " + o.client;
    }

    // ---- output -------------------------------------------------------------------------------

    static void report(Options o, RunResult r, PrintStream out) {
        LoadRunner.PhaseResult m = r.measured;
        out.printf(Locale.ROOT, "result   %d ok of %d sent (%d scheduled), %.1f s%n",
                m.ok, m.sent, m.scheduled, m.elapsedNanos / 1e9);
        out.printf(Locale.ROOT, "         throughput %.1f req/s (successful responses / elapsed)%n", m.throughput());
        out.println("         latency, ms " + (o.saturate ? "(response time)          " : "(from intended send time)")
                + " " + percentiles(m.latency));
        if (!o.saturate) {
            out.println("         service time, ms (from actual send) " + percentiles(m.service));
            out.println("         send lag, ms (actual - intended)    " + percentiles(m.sendLag));
        }
        out.println("         hiccups, ms (1 ms sleep oversleep)  " + percentiles(m.hiccups));
        out.println("         errors   " + errorText(m));
        out.printf(Locale.ROOT, "server   RSS %s MB (peak %s MB), heap %s, CPU %s cores%n",
                mb(r.rssKb), mb(r.peakRssKb), heapText(r.heapMb), cores(r.serverCores));
        if (r.stubRequests >= 0) {
            out.printf(Locale.ROOT, "stub     %d requests answered in the measured phase, CPU %s cores%n",
                    r.stubRequests, cores(r.stubCores));
        }
        out.printf(Locale.ROOT, "         CPU per request %s ms (%s CPU / successful responses)%n",
                cpuPerRequest(r), o.direct ? "stub" : "server");
        out.printf(Locale.ROOT, "driver   CPU %s cores; everything else on the machine: %s cores%s%n",
                cores(r.driverCores), cores(r.otherCores),
                r.otherCores > 0.2 ? " (other load: the figures are disturbed)" : "");
    }

    static String percentiles(Histogram h) {
        if (h.getTotalCount() == 0) {
            return "(none)";
        }
        return String.format(Locale.ROOT, "p50 %s  p90 %s  p99 %s  p99.9 %s  max %s",
                ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)),
                ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()));
    }

    static String errorText(LoadRunner.PhaseResult m) {
        if (m.errors.isEmpty()) {
            return "none";
        }
        return m.errors.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    static String markdownHeader() {
        return "| run | server JDK | mode | req/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | ok | errors "
                + "| ready ms | RSS MB (peak) | heap used / committed MB | server CPU | CPU ms/req | stub CPU | driver CPU "
                + "| other CPU | hiccup max ms | warm-up s |\n"
                + "|---|---|---|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|";
    }

    static String markdownRow(Options o, RunResult r) {
        LoadRunner.PhaseResult m = r.measured;
        String mode = modeText(o);
        if (m == null) {
            return String.format("| %s | %s | %s | failed: %s | | | | | | | | | | | | | | | | | %s |",
                    cell(o.label), cell(r.jdk), mode, cell(String.valueOf(r.failure)), r.warmup.cell());
        }
        Histogram h = m.latency;
        boolean any = h.getTotalCount() > 0;
        return String.format(Locale.ROOT, "| %s | %s | %s | %.0f | %s | %s | %s | %s | %s | %d | %s | %s | %s (%s) | %s | %s | %s | %s | %s | %s | %s | %s |",
                cell(o.label), cell(r.jdk), mode, m.throughput(),
                any ? ms(h.getValueAtPercentile(50)) : "-", any ? ms(h.getValueAtPercentile(90)) : "-",
                any ? ms(h.getValueAtPercentile(99)) : "-", any ? ms(h.getValueAtPercentile(99.9)) : "-",
                any ? ms(h.getMaxValue()) : "-", m.ok, cell(errorText(m)),
                r.readyMs >= 0 ? String.format(Locale.ROOT, "%.0f", r.readyMs) : "-",
                mb(r.rssKb), mb(r.peakRssKb),
                r.heapMb == null ? "n/a" : String.format(Locale.ROOT, "%.0f / %.0f", r.heapMb[0], r.heapMb[1]),
                cores(r.serverCores), cpuPerRequest(r), cores(r.stubCores), cores(r.driverCores), cores(r.otherCores),
                m.hiccups.getTotalCount() > 0 ? ms(m.hiccups.getMaxValue()) : "-", r.warmup.cell());
    }

    /** The figures {@code bench/run.sh --quick} compares: label, req/s, p50, p99, CPU ms/req, RSS MB; tab-separated. */
    static String summaryLine(Options o, RunResult r) {
        Histogram h = r.measured.latency;
        boolean any = h.getTotalCount() > 0;
        return String.join("\t", o.label.isEmpty() ? modeText(o) : o.label,
                String.format(Locale.ROOT, "%.0f", r.measured.throughput()),
                any ? ms(h.getValueAtPercentile(50)) : "n/a", any ? ms(h.getValueAtPercentile(99)) : "n/a",
                cpuPerRequest(r), mb(r.rssKb));
    }

    /** CPU milliseconds per successful response: the server's, or the stub's when it is the one measured. */
    static String cpuPerRequest(RunResult r) {
        double cores = r.jdk.equals("direct") ? r.stubCores : r.serverCores;
        if (cores < 0 || r.measured == null || r.measured.throughput() <= 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.3f", cores * 1000 / r.measured.throughput());
    }

    private static String secs(double s) {
        return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "/");
    }

    /** Microseconds as milliseconds with 3 decimals. */
    static String ms(long micros) {
        return String.format(Locale.ROOT, "%.3f", micros / 1000.0);
    }

    private static String mb(long kb) {
        return kb < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f", kb / 1024.0);
    }

    private static String heapText(double[] heap) {
        return heap == null ? "n/a" : String.format(Locale.ROOT, "%.0f / %.0f MB", heap[0], heap[1]);
    }

    private static String cores(double c) {
        return c < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", c);
    }

    static long driverCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return -1;
    }

    /** {@code --key}, else a random key that a server the driver starts is given as its demo key. */
    static String key(Options o) {
        if (o.key != null) {
            return o.key;
        }
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return "pe_live_bench_" + HexFormat.of().formatHex(b);
    }

    /** The server's OpenAI provider goes to the stub, unless {@code --server-env} said otherwise. */
    static void pointAtStub(Options o, UpstreamStub stub) {
        o.serverEnv.putIfAbsent("OPENAI_BASE_URL", stub.baseUrl());
        o.serverEnv.putIfAbsent("OPENAI_API_KEY", "sk-bench-upstream-stub");
    }

    static void closeAll(Connection[] conns) {
        for (Connection c : conns) {
            if (c != null) {
                c.close();
            }
        }
    }
}
