package io.promptengine.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The server under test as a child process: {@code java -jar} on a free loopback port with a fresh
 * temp database, its output in a log file. {@link #close()} stops it (destroy, then forcibly) and
 * deletes the temp dir. Also reads the cheap process figures: RSS from /proc, CPU ticks from /proc,
 * heap via {@code jcmd GC.heap_info}.
 */
final class ServerProcess implements AutoCloseable {

    private static final long STOP_GRACE_MS = 10_000;

    final Path tempDir;
    final Path log;
    final int port;
    final String javaCommand;
    private final Process process;
    private final long startNanos;
    private volatile boolean closed;

    private ServerProcess(Path tempDir, Path log, int port, String javaCommand, Process process, long startNanos) {
        this.tempDir = tempDir;
        this.log = log;
        this.port = port;
        this.javaCommand = javaCommand;
        this.process = process;
        this.startNanos = startNanos;
    }

    static ServerProcess start(Options o, Path jar, String key) throws IOException {
        String java = javaExecutable(o.javaHome);
        Path tempDir = Files.createTempDirectory("pe-bench-");
        try {
            int port = freeLoopbackPort();
            Path log = o.serverLog != null ? Paths.get(o.serverLog).toAbsolutePath() : tempDir.resolve("server.log");
            List<String> cmd = new ArrayList<>();
            cmd.add(java);
            cmd.addAll(o.jvmArgs);
            cmd.add("-jar");
            cmd.add(jar.toAbsolutePath().toString());
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .directory(tempDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Map<String, String> env = pb.environment();
            if (!o.inheritPeEnv) {
                env.keySet().removeIf(k -> k.startsWith("PE_"));
            }
            env.put("PE_PORT", Integer.toString(port));
            env.put("PE_HOST", "127.0.0.1");
            env.put("PE_DB_URL", "jdbc:h2:file:" + tempDir.resolve("db"));
            env.put("PE_DEMO_KEY", key);
            env.put("PE_ADMIN_KEY", ADMIN_KEY);
            // every request sends the same body: with the response cache on, the suite would measure cache hits
            env.put("PE_CACHE_TTL_SECONDS", "0");
            env.putAll(o.serverEnv);
            long t0 = System.nanoTime();
            Process p = pb.start();
            return new ServerProcess(tempDir, log, port, java, p, t0);
        } catch (IOException | RuntimeException e) {
            deleteTree(tempDir);
            throw e;
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Polls GET /health/ready every 10 ms until 200.
     *
     * @return milliseconds from process start to the first 200
     * @throws IOException if the process exits or the timeout passes first
     */
    double awaitReady(double timeoutS) throws IOException {
        long deadline = startNanos + (long) (timeoutS * 1e9);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("server exited with code " + process.exitValue() + " before it was ready");
            }
            if (status("127.0.0.1", port, "/health/ready", 500) == 200) {
                return (System.nanoTime() - startNanos) / 1e6;
            }
            sleepMs(10);
        }
        throw new IOException("server not ready within " + timeoutS + " s");
    }

    /** The operator key the driver gives the servers it starts; they bind to loopback only and live for one run. */
    static final String ADMIN_KEY = "pe_admin_bench_" + Long.toHexString(System.nanoTime()) + "_operator";
    static final String BENCH_PLAN = "bench";
    static final int BENCH_REQUESTS_PER_MINUTE = 100_000_000;

    /**
     * Moves the demo tenant to a plan whose limit cannot bind at any rate this machine reaches, through the
     * operator API: the limiter still runs on every request (its cost is part of the figures), it just never says
     * no. The Free plan's 60 requests per minute would otherwise turn the run into a 429 benchmark.
     */
    void liftDemoLimit() throws IOException {
        int created = request("POST", "/v1/admin/plans", "{\"name\":\"" + BENCH_PLAN
                + "\",\"requests_per_minute\":" + BENCH_REQUESTS_PER_MINUTE + "}");
        if (created != 201 && created != 409) {
            throw new IOException("POST /v1/admin/plans answered " + created + " (see " + log + ")");
        }
        int moved = request("PATCH", "/v1/admin/tenants/demo", "{\"plan\":\"" + BENCH_PLAN + "\"}");
        if (moved != 200) {
            throw new IOException("PATCH /v1/admin/tenants/demo answered " + moved + " (see " + log + ")");
        }
    }

    private int request(String method, String path, String json) throws IOException {
        try (Socket s = new Socket()) {
            s.setSoTimeout(5_000);
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            s.getOutputStream().write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nAuthorization: Bearer " + ADMIN_KEY + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().write(body);
            byte[] head = s.getInputStream().readNBytes(12);
            if (head.length < 12) {
                throw new IOException(method + " " + path + ": connection closed without an answer");
            }
            return Integer.parseInt(new String(head, 9, 3, StandardCharsets.US_ASCII));
        }
    }

    /** Status of a GET, or -1 if the connection fails. Used for readiness only. */
    static int status(String host, int port, String path, int timeoutMs) {
        try (Socket s = new Socket()) {
            s.setSoTimeout(timeoutMs);
            s.connect(new InetSocketAddress(host, port), timeoutMs);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            byte[] b = new byte[12];
            int n = 0;
            while (n < 12) {
                int r = in.read(b, n, 12 - n);
                if (r < 0) {
                    return -1;
                }
                n += r;
            }
            return Integer.parseInt(new String(b, 9, 3, StandardCharsets.US_ASCII));
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** The last lines of the server's log, for a failure message. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopProcess(process);
        deleteTree(tempDir);
    }

    static void stopProcess(Process p) {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        try {
            if (!p.waitFor(STOP_GRACE_MS, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle c : children) {
            c.destroyForcibly();
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    // ---- the JDK ------------------------------------------------------------------------------

    /** {@code JAVA_HOME/bin/java}, or the real path of {@code java} on the PATH. */
    static String javaExecutable(String javaHome) {
        if (javaHome != null) {
            Path j = Paths.get(javaHome, "bin", "java");
            if (!Files.isExecutable(j)) {
                throw new IllegalArgumentException("no executable " + j);
            }
            return j.toString();
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                Path j = Paths.get(dir.isEmpty() ? "." : dir, "java");
                if (Files.isExecutable(j)) {
                    try {
                        return j.toRealPath().toString();
                    } catch (IOException e) {
                        return j.toString();
                    }
                }
            }
        }
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** "25.0.3+9-LTS (Eclipse Adoptium)" from the JDK's release file, else from {@code java -version}. */
    static String javaVersion(String javaExecutable) {
        Path home = Paths.get(javaExecutable).getParent().getParent();
        Path release = home.resolve("release");
        if (Files.isReadable(release)) {
            try {
                String txt = Files.readString(release);
                String v = releaseField(txt, "JAVA_RUNTIME_VERSION");
                if (v == null) {
                    v = releaseField(txt, "JAVA_VERSION");
                }
                String impl = releaseField(txt, "IMPLEMENTOR");
                if (v != null) {
                    return impl != null ? v + " (" + impl + ")" : v;
                }
            } catch (IOException ignored) {
                // fall through
            }
        }
        String out = run(List.of(javaExecutable, "-version"), 10);
        return out == null || out.isBlank() ? "unknown" : out.lines().findFirst().orElse("unknown");
    }

    private static String releaseField(String txt, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "=\"([^\"]*)\"").matcher(txt);
        return m.find() ? m.group(1) : null;
    }

    // ---- process figures ----------------------------------------------------------------------

    /** VmRSS and VmHWM (peak) in kB from /proc/PID/status; -1 where unavailable. */
    static long[] rssKb(long pid) {
        long rss = -1;
        long hwm = -1;
        try {
            for (String line : Files.readAllLines(Paths.get("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kb(line);
                } else if (line.startsWith("VmHWM:")) {
                    hwm = kb(line);
                }
            }
        } catch (IOException | UncheckedIOException | NumberFormatException ignored) {
            // not Linux, or gone
        }
        return new long[] {rss, hwm};
    }

    private static long kb(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    /** utime + stime in clock ticks from /proc/PID/stat, or -1. */
    static long cpuTicks(long pid) {
        try {
            return statTicks(Files.readString(Paths.get("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** utime + stime of a /proc/PID/stat or /proc/PID/task/TID/stat line. */
    private static long statTicks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after "(comm) ": state is field 3, utime 14, stime 15 (1-based) -> index 11, 12 here
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /**
     * CPU ticks (user + system) of the JVM's JIT compiler threads in process {@code pid} ({@code C1 CompilerThre…},
     * {@code C2 CompilerThre…} in /proc/PID/task/TID/stat), or -1 when it has none (not a JVM) or /proc is not there.
     */
    static long compilerTicks(long pid) {
        Path tasks = Paths.get("/proc", Long.toString(pid), "task");
        long sum = 0;
        boolean any = false;
        try (Stream<Path> list = Files.list(tasks)) {
            for (Path task : (Iterable<Path>) list::iterator) {
                String s;
                try {
                    s = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue; // the thread ended meanwhile
                }
                int open = s.indexOf('(');
                int close = s.lastIndexOf(')');
                if (open < 0 || close < open) {
                    continue;
                }
                String comm = s.substring(open + 1, close);
                if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
                    sum += statTicks(s);
                    any = true;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return any ? sum : -1;
    }

    /** CPU ticks the whole machine spent busy (user, nice, system, irq, softirq, steal) from /proc/stat, or -1. */
    static long machineBusyTicks() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/stat"))) {
                if (line.startsWith("cpu ")) {
                    String[] f = line.trim().split("\\s+");
                    long busy = 0;
                    for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                        busy += Long.parseLong(f[i]);
                    }
                    return busy;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        return -1;
    }

    /** Clock ticks per second for /proc/PID/stat (USER_HZ): 100 on Linux in practice. */
    static final double CLOCK_TICKS = 100.0;

    /**
     * Heap used and committed in MB via {@code jcmd PID GC.heap_info} of the given JDK, or null.
     * Costs a short JVM start, so it runs after the measurement.
     */
    static double[] heapMb(String javaExecutable, long pid) {
        Path jcmd = Paths.get(javaExecutable).resolveSibling("jcmd");
        if (!Files.isExecutable(jcmd)) {
            return null;
        }
        String out = run(List.of(jcmd.toString(), Long.toString(pid), "GC.heap_info"), 20);
        return out == null ? null : parseHeapInfo(out);
    }

    private static final Pattern GEN_OLD = Pattern.compile("total (\\d+)([KMG]), used (\\d+)([KMG])");
    private static final Pattern GEN_NEW = Pattern.compile("committed (\\d+)([KMG]), used (\\d+)([KMG])");
    private static final Pattern ZGC = Pattern.compile("used (\\d+)([KMG]), capacity (\\d+)([KMG])");
    private static final Pattern SHENANDOAH = Pattern.compile("(\\d+)([KMG]) committed, (\\d+)([KMG]) used");

    /**
     * Parses GC.heap_info into {used, committed} MB. G1 prints one heap line ("total 262144K, used
     * 12345K" before JDK 21-ish, "total reserved R, committed C, used U" after); Serial and Parallel print
     * one such line per generation (summed); ZGC "used U, capacity C"; Shenandoah "C committed, U used".
     */
    static double[] parseHeapInfo(String out) {
        double used = 0;
        double committed = 0;
        boolean found = false;
        for (String line : out.split("\n")) {
            if (line.contains("Metaspace") || line.contains("class space")) {
                continue;
            }
            Matcher m = GEN_NEW.matcher(line);
            if (!m.find()) {
                m = GEN_OLD.matcher(line);
                if (!m.find()) {
                    continue;
                }
            }
            committed += mb(m.group(1), m.group(2));
            used += mb(m.group(3), m.group(4));
            found = true;
        }
        if (found) {
            return new double[] {used, committed};
        }
        Matcher z = ZGC.matcher(out);
        if (z.find()) {
            return new double[] {mb(z.group(1), z.group(2)), mb(z.group(3), z.group(4))};
        }
        Matcher sh = SHENANDOAH.matcher(out);
        if (sh.find()) {
            return new double[] {mb(sh.group(3), sh.group(4)), mb(sh.group(1), sh.group(2))};
        }
        return null;
    }

    private static double mb(String n, String unit) {
        double v = Double.parseDouble(n);
        return switch (unit) {
            case "K" -> v / 1024;
            case "G" -> v * 1024;
            default -> v;
        };
    }

    /** Runs a short command, returns its output, or null on failure/timeout. */
    static String run(List<String> cmd, int timeoutS) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[][] holder = new byte[1][];
            Thread reader = new Thread(() -> {
                try {
                    holder[0] = p.getInputStream().readAllBytes();
                } catch (IOException ignored) {
                    holder[0] = new byte[0];
                }
            }, "cmd-output");
            reader.setDaemon(true);
            reader.start();
            if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            reader.join(2000);
            return holder[0] == null ? null : new String(holder[0], StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    static void sleepMs(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
