package io.promptengine.bench;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Command-line options of {@link LoadDriver}. Plain fields; {@link #parse} validates them. */
final class Options {

    static final String DEFAULT_BODY =
            "{\"model\":\"echo\",\"input\":\"Explain quantum entanglement in one sentence.\",\"max_tokens\":64}";

    /** The upstream scenario's request through the gateway: an OpenAI model, so the call leaves the process. */
    static final String UPSTREAM_BODY =
            "{\"model\":\"gpt-4o-mini\",\"input\":\"Explain quantum entanglement in one sentence.\",\"max_tokens\":64}";

    /** The same request straight to the stub, as OpenAI's chat completions. */
    static final String DIRECT_BODY = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":"
            + "\"Explain quantum entanglement in one sentence.\"}],\"max_tokens\":64}";

    static final String USAGE = String.join("\n",
            "Usage: java -jar prompt-engine-bench.jar [options]",
            "",
            "Server (one of):",
            "  --jar PATH             start this jar on a free 127.0.0.1 port with a fresh temp H2 database",
            "                         (default: bootstrap/target/prompt-engine.jar, looked up from the cwd)",
            "  --url URL              attach to an already running server instead (loopback addresses only)",
            "  --java-home DIR        JDK that runs the jar (default: `java` on the PATH)",
            "  --jvm-arg ARG          extra JVM option for the server (repeatable), e.g. --jvm-arg -Xmx256m",
            "  --server-env K=V       environment variable for the server (repeatable; wins over the driver's own)",
            "  --inherit-pe-env       pass the driver's own PE_* variables through (they are dropped by default)",
            "  --ready-timeout S      seconds to wait for GET /health/ready = 200 (default 60)",
            "  --server-log PATH      keep the server's stdout/stderr in this file (default: temp dir, deleted)",
            "  --pid PID              with --url or --gateway: the server's pid, to report its RSS/heap/CPU",
            "  --upstream             the upstream scenario: start an OpenAI-compatible stub (UpstreamStub) in this",
            "                         JVM, point the server's OPENAI_BASE_URL at it and ask for gpt-4o-mini",
            "  --direct               no gateway: send OpenAI chat completions straight to that stub (the",
            "                         baseline the upstream rows are compared with)",
            "  --gateway URL          another gateway, already running on loopback (give its --pid): start the",
            "                         stub and send it OpenAI chat completions to proxy there; '{stub}' in a",
            "                         --header value becomes the stub's base URL (http://127.0.0.1:PORT/v1)",
            "  --otlp-sink            start a stand-in OpenTelemetry collector (OTLP/HTTP, answers every export)",
            "                         in this JVM and give the server OTEL_EXPORTER_OTLP_ENDPOINT = it: tracing on",
            "",
            "Request:",
            "  --key KEY              API key (default: a random key passed to the server as PE_DEMO_KEY)",
            "  --auth-header NAME     header carrying the key: Authorization (as 'Bearer KEY', default),",
            "                         x-api-key or api-key (raw KEY)",
            "  --header 'N: V'        extra request header (repeatable)",
            "  --path PATH            request path (default /v1/prompt/execute)",
            "  --body JSON            request body (default: the echo-model execute request)",
            "  --no-check-body        count any 200 as a success (default: the body must say status completed)",
            "  --timeout-ms MS        per-request socket timeout (default 10000)",
            "",
            "Load:",
            "  --rate N               open loop: N requests/s at fixed intervals (default 1000), latency measured",
            "                         from each request's intended send time (no coordinated omission)",
            "  --saturate             closed loop instead: --concurrency connections, each sends as soon as it",
            "                         has its previous answer",
            "  --concurrency C        connections (= sending threads) in either mode (default 64)",
            "  --duration S           measured seconds (default 30)",
            "  --warmup S             unmeasured seconds before that, same load (default 10): the least warm-up;",
            "                         it goes on in windows until the server's CPU per request (time per response",
            "                         without a pid) stops falling: the mean of the last three windows is within",
            "                         --steady-tolerance of the three before, and the JIT compiler threads took at",
            "                         most --steady-jit of the server's CPU in the last two (0 = no warm-up)",
            "  --warmup-window S      length of one such window (default 5)",
            "  --steady-tolerance F   the fall still counted as warming up, a fraction (default 0.05)",
            "  --steady-jit F         the JIT's share of the server's CPU still counted as warming up (default 0.05)",
            "  --warmup-max S         give up waiting for steady after S s and measure anyway, saying so in the",
            "                         output and the Markdown row (default 180)",
            "  --fixed-warmup         warm up for exactly --warmup s instead, whatever the server's state",
            "  --warmup-concurrency C warm up in a closed loop on C connections of its own instead (so a measurement",
            "                         at 1 connection starts on compiled code, as a server that has run a while)",
            "  --drain S              open loop: seconds past the end a late schedule may still run (default 10)",
            "  --client socket|jdk    HTTP/1.1 on raw keep-alive sockets (default) or java.net.http.HttpClient",
            "",
            "Output:",
            "  --label TEXT           label of the Markdown row",
            "  --markdown FILE        append one Markdown table row with the figures to FILE",
            "  --summary FILE         append one tab-separated line: label, req/s, p50 ms, p99 ms, CPU ms/req, RSS MB",
            "                         (what bench/run.sh --quick compares with bench/baseline.tsv)",
            "  --print-markdown-header   print the Markdown table header and exit",
            "  --help");

    String jar;
    String url;
    String javaHome;
    final List<String> jvmArgs = new ArrayList<>();
    final Map<String, String> serverEnv = new LinkedHashMap<>();
    boolean inheritPeEnv;
    double readyTimeoutS = 60;
    String serverLog;
    long pid = -1;
    boolean upstream;
    boolean direct;
    String gateway;
    /** Whether to start an {@link OtlpSink} for the server's spans. */
    boolean otlpSink;

    String key;
    String authHeader = "Authorization";
    final List<String> headers = new ArrayList<>();
    String path;
    String body;
    boolean checkBody = true;
    int timeoutMs = 10_000;

    boolean saturate;
    int rate = 1000;
    int concurrency = 64;
    int warmupConcurrency;
    double durationS = 30;
    double warmupS = 10;
    boolean fixedWarmup;
    double warmupWindowS = 5;
    double steadyTolerance = 0.05;
    double steadyJit = 0.05;
    double warmupMaxS = 180;
    double drainS = 10;
    String client = "socket";

    String label = "";
    String markdown;
    String summary;
    boolean printMarkdownHeader;
    boolean help;

    static Options parse(String... args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                v = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            switch (a) {
                case "--help", "-h" -> o.help = true;
                case "--saturate" -> o.saturate = true;
                case "--no-check-body" -> o.checkBody = false;
                case "--inherit-pe-env" -> o.inheritPeEnv = true;
                case "--upstream" -> o.upstream = true;
                case "--direct" -> o.direct = true;
                case "--otlp-sink" -> o.otlpSink = true;
                case "--fixed-warmup" -> o.fixedWarmup = true;
                case "--print-markdown-header" -> o.printMarkdownHeader = true;
                default -> {
                    if (v == null) {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException("missing value for " + a);
                        }
                        v = args[++i];
                    }
                    o.set(a, v);
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
            case "--gateway" -> gateway = v;
            case "--java-home" -> javaHome = v;
            case "--jvm-arg" -> jvmArgs.add(v);
            case "--server-env" -> putServerEnv(serverEnv, v);
            case "--ready-timeout" -> readyTimeoutS = positive(name, Double.parseDouble(v));
            case "--server-log" -> serverLog = v;
            case "--pid" -> pid = Long.parseLong(v);
            case "--key" -> key = v;
            case "--auth-header" -> authHeader = v;
            case "--header" -> {
                if (v.indexOf(':') <= 0) {
                    throw new IllegalArgumentException("--header wants 'Name: value', got " + v);
                }
                headers.add(v);
            }
            case "--path" -> path = v;
            case "--body" -> body = v;
            case "--timeout-ms" -> timeoutMs = (int) positive(name, Integer.parseInt(v));
            case "--rate" -> rate = (int) positive(name, Integer.parseInt(v));
            case "--concurrency", "--connections" -> concurrency = (int) positive(name, Integer.parseInt(v));
            case "--warmup-concurrency" -> warmupConcurrency = (int) positive(name, Integer.parseInt(v));
            case "--duration" -> durationS = positive(name, Double.parseDouble(v));
            case "--warmup" -> warmupS = nonNegative(name, Double.parseDouble(v));
            case "--warmup-window" -> warmupWindowS = positive(name, Double.parseDouble(v));
            case "--steady-tolerance" -> steadyTolerance = fraction(name, Double.parseDouble(v));
            case "--steady-jit" -> steadyJit = fraction(name, Double.parseDouble(v));
            case "--warmup-max" -> warmupMaxS = positive(name, Double.parseDouble(v));
            case "--drain" -> drainS = nonNegative(name, Double.parseDouble(v));
            case "--client" -> client = v;
            case "--label" -> label = v;
            case "--markdown" -> markdown = v;
            case "--summary" -> summary = v;
            default -> throw new IllegalArgumentException("unknown option " + name);
        }
    }

    private void validate() {
        if (help || printMarkdownHeader) {
            return;
        }
        if (otlpSink && (direct || gateway != null || url != null)) {
            throw new IllegalArgumentException("--otlp-sink is for a server this driver starts: not with --direct, "
                    + "--gateway or --url");
        }
        if (direct && (jar != null || url != null || upstream)) {
            throw new IllegalArgumentException("--direct starts no server: not with --jar, --url or --upstream");
        }
        if (gateway != null) {
            if (jar != null || url != null || upstream || direct) {
                throw new IllegalArgumentException("--gateway is the server: not with --jar, --url, --upstream or "
                        + "--direct");
            }
            URI u = URI.create(gateway);
            if (!"http".equals(u.getScheme()) || u.getHost() == null || u.getPort() <= 0) {
                throw new IllegalArgumentException("--gateway must be http://HOST:PORT, got " + gateway);
            }
            requireLoopback(u.getHost());
        }
        if (upstream && url != null) {
            throw new IllegalArgumentException("--upstream points a server the driver starts at its stub: not with --url");
        }
        boolean chat = direct || gateway != null;
        if (path == null) {
            path = chat ? "/v1/chat/completions" : "/v1/prompt/execute";
        }
        if (body == null) {
            body = chat ? DIRECT_BODY : upstream ? UPSTREAM_BODY : DEFAULT_BODY;
        }
        if (chat) {
            checkBody = false;
        }
        if (gateway != null && key == null) {
            key = "sk-bench-upstream-stub";
        }
        if (!chat) {
            requireTarget(jar, url, key);
        }
        if (!client.equals("socket") && !client.equals("jdk")) {
            throw new IllegalArgumentException("--client is socket or jdk, got " + client);
        }
        if (concurrency > 4096) {
            throw new IllegalArgumentException("--concurrency above 4096 is not sensible here");
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("--path must start with /");
        }
        if (!fixedWarmup && warmupS > 0 && warmupMaxS < warmupS) {
            throw new IllegalArgumentException("--warmup-max (" + warmupMaxS + " s) is shorter than --warmup ("
                    + warmupS + " s)");
        }
        if ((long) rate * (long) Math.ceil(durationS + warmupS) > 2_000_000_000L) {
            throw new IllegalArgumentException("--rate x (--duration + --warmup) is too large");
        }
    }

    /** Traffic goes to this machine only: refuse any address outside the loopback range. */
    /** A {@code --server-env K=V} into {@code env}. */
    static void putServerEnv(java.util.Map<String, String> env, String v) {
        int eq = v.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--server-env wants K=V, got " + v);
        }
        env.put(v.substring(0, eq), v.substring(eq + 1));
    }

    /** A server to start ({@code --jar}) or one already running on loopback ({@code --url} with its {@code --key}). */
    static void requireTarget(String jar, String url, String key) {
        if (jar != null && url != null) {
            throw new IllegalArgumentException("--jar and --url exclude each other");
        }
        if (url != null) {
            if (key == null) {
                throw new IllegalArgumentException("--url needs --key (the driver only knows the key of a server it starts)");
            }
            URI u = URI.create(url);
            if (!"http".equals(u.getScheme()) || u.getHost() == null) {
                throw new IllegalArgumentException("--url must be http://HOST:PORT, got " + url);
            }
            requireLoopback(u.getHost());
        }
    }

    static void requireLoopback(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        try {
            for (InetAddress a : InetAddress.getAllByName(h)) {
                if (!a.isLoopbackAddress()) {
                    throw new IllegalArgumentException("refusing non-loopback target " + host);
                }
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host " + host);
        }
    }

    /** Puts the stub's base URL where a {@code --header} value says {@code {stub}}. */
    void stubIs(String baseUrl) {
        headers.replaceAll(header -> header.replace("{stub}", baseUrl));
    }

    /** The header line (name and value) that carries the key. */
    String authHeaderLine(String k) {
        return authHeader.equalsIgnoreCase("authorization")
                ? "Authorization: Bearer " + k
                : authHeader + ": " + k;
    }

    private static double positive(String name, double d) {
        if (!(d > 0)) {
            throw new IllegalArgumentException(name + " must be > 0");
        }
        return d;
    }

    private static double fraction(String name, double d) {
        if (!(d >= 0 && d < 1)) {
            throw new IllegalArgumentException(name + " must be at least 0 and below 1, got " + d);
        }
        return d;
    }

    private static double nonNegative(String name, double d) {
        if (!(d >= 0)) {
            throw new IllegalArgumentException(name + " must be >= 0");
        }
        return d;
    }
}
