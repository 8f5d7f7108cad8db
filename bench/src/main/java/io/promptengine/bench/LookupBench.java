package io.promptengine.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Execution lookups and listings at ten million executions on PostgreSQL. Starts an embedded PostgreSQL (or uses
 * {@code --db-url}), starts the real server on it so that Flyway creates the schema, fills {@code executions} with
 * generated rows in one {@code INSERT … SELECT generate_series} per million (indexes dropped during the fill and
 * built afterwards, as a bulk load would), then measures through HTTP, one request at a time:
 * {@code GET /v1/executions/{id}} and {@code /status} of random rows of the measured tenant, and the list endpoint's
 * first page, a status-filtered page and a page deep in the cursor chain.
 *
 * <p>Usage: {@code java -cp bench/target/prompt-engine-bench.jar io.promptengine.bench.LookupBench
 * [--rows 10000000] [--requests 20000] [--jar bootstrap/target/prompt-engine.jar] [--db-url jdbc:postgresql://…
 * --db-user u --db-password p]}
 */
public final class LookupBench {

    private static final String KEY = "pe_live_lookup_bench_0123456789abcdefghijklmnopq";
    private static final String ADMIN = "pe_admin_lookup_bench_0123456789abcdefghijklmn";
    private static final int CHUNK = 1_000_000;
    /** One execution in this many belongs to the measured (demo) tenant; the rest to 99 others. */
    private static final int TENANT_SHARE = 10;

    private LookupBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        long rows = Long.parseLong(options.getOrDefault("--rows", "10000000"));
        int requests = Integer.parseInt(options.getOrDefault("--requests", "20000"));
        Path jar = Path.of(options.getOrDefault("--jar", "bootstrap/target/prompt-engine.jar"));
        Path work = Files.createTempDirectory("pe-lookup-bench-");
        EmbeddedPostgres embedded = null;
        String dbUrl = options.get("--db-url");
        String user = options.getOrDefault("--db-user", "postgres");
        String password = options.getOrDefault("--db-password", "");
        if (dbUrl == null) {
            embedded = EmbeddedPostgres.builder().setDataDirectory(work.resolve("pgdata"))
                    .setServerConfig("max_wal_size", "4GB").setServerConfig("shared_buffers", "256MB").start();
            dbUrl = embedded.getJdbcUrl(user, "postgres");
        }
        int port = freePort();
        Process server = startServer(jar, work, port, dbUrl, user, password);
        try {
            HttpClient client = HttpClient.newHttpClient();
            awaitReady(client, port, server);
            String sample = execute(client, port);
            try (Connection db = DriverManager.getConnection(dbUrl, user, password)) {
                long fillStart = System.nanoTime();
                fill(db, sample, rows);
                System.out.printf("filled   %,d executions in %d s%n", count(db),
                        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - fillStart));
            }
            report(client, port, rows, requests);
        } finally {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private static void report(HttpClient client, int port, long rows, int requests) throws Exception {
        long tenantRows = rows / TENANT_SHARE;
        SplittableRandom random = new SplittableRandom(42);
        String deepCursor = cursorAfter(client, port, 50);
        System.out.printf("machine  %d cores, %s; JDK %s; PostgreSQL 14 (embedded); %,d executions, %,d of the tenant%n",
                Runtime.getRuntime().availableProcessors(), cpuModel(), System.getProperty("java.version"), rows,
                tenantRows);
        System.out.printf("%-44s %8s %8s %8s %8s %8s%n", "request (one at a time)", "n", "p50 ms", "p90 ms",
                "p99 ms", "max ms");
        measure(client, port, "GET /v1/executions/{id}", requests,
                () -> "/v1/executions/" + id(TENANT_SHARE * (1 + random.nextLong(tenantRows))));
        measure(client, port, "GET /v1/executions/{id}/status", requests,
                () -> "/v1/executions/" + id(TENANT_SHARE * (1 + random.nextLong(tenantRows))) + "/status");
        measure(client, port, "GET /v1/executions?limit=20", requests / 4, () -> "/v1/executions?limit=20");
        measure(client, port, "GET /v1/executions?status=failed&limit=20", requests / 4,
                () -> "/v1/executions?status=failed&limit=20");
        measure(client, port, "GET /v1/executions?limit=20&cursor=(page 50)", requests / 4,
                () -> "/v1/executions?limit=20&cursor=" + deepCursor);
    }

    interface PathSupplier {
        String next();
    }

    private static void measure(HttpClient client, int port, String name, int count, PathSupplier paths)
            throws Exception {
        for (int i = 0; i < Math.min(2_000, count); i++) {
            get(client, port, paths.next());
        }
        Histogram latencies = new Histogram(TimeUnit.SECONDS.toMicros(10), 3);
        for (int i = 0; i < count; i++) {
            String path = paths.next();
            long start = System.nanoTime();
            HttpResponse<String> response = get(client, port, path);
            long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
            }
            latencies.recordValue(Math.min(micros, latencies.getHighestTrackableValue()));
        }
        System.out.printf("%-44s %8d %8.2f %8.2f %8.2f %8.2f%n", name, count,
                latencies.getValueAtPercentile(50) / 1000.0, latencies.getValueAtPercentile(90) / 1000.0,
                latencies.getValueAtPercentile(99) / 1000.0, latencies.getMaxValue() / 1000.0);
    }

    /** Fills the table with {@code rows} executions like {@code sample}, newest last, 250 ms apart. */
    private static void fill(Connection db, String sample, long rows) throws SQLException {
        String tenant;
        String key;
        try (PreparedStatement query = db.prepareStatement(
                "SELECT tenant_id, api_key_id FROM executions WHERE id = ?")) {
            query.setString(1, sample);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                tenant = row.getString(1);
                key = row.getString(2);
            }
        }
        try (Statement sql = db.createStatement()) {
            List<String> indexes = List.of("executions_tenant_created_idx", "executions_status_idx",
                    "executions_created_idx");
            for (String index : indexes) {
                sql.execute("DROP INDEX IF EXISTS " + index);
            }
            sql.execute("ALTER TABLE executions DROP CONSTRAINT executions_pkey");
            for (long from = 1; from <= rows; from += CHUNK) {
                long to = Math.min(rows, from + CHUNK - 1);
                sql.execute("INSERT INTO executions (id, tenant_id, api_key_id, source, provider, model, input, "
                        + "status, output_text, finish_reason, error_code, error_message, input_tokens, "
                        + "output_tokens, total_tokens, cache_hit, attempts, latency_ms, request_id, created_at, "
                        + "started_at, completed_at) SELECT 'exec_bench_' || lpad(g::text, 10, '0'), "
                        + "CASE WHEN g % " + TENANT_SHARE + " = 0 THEN '" + tenant + "' ELSE 'ten_bench_' || (g % 99) "
                        + "END, '" + key + "', 'execute_api', 'local', 'echo', 'Explain quantum entanglement.', "
                        + "CASE WHEN g % 50 = 0 THEN 'failed' ELSE 'completed' END, "
                        + "CASE WHEN g % 50 = 0 THEN NULL ELSE 'Explain quantum entanglement.' END, "
                        + "CASE WHEN g % 50 = 0 THEN NULL ELSE 'stop' END, "
                        + "CASE WHEN g % 50 = 0 THEN 'upstream_error' END, "
                        + "CASE WHEN g % 50 = 0 THEN 'The provider failed' END, 7, 7, 14, FALSE, 1, 3, "
                        + "'req_bench_' || g, ts, ts, ts + interval '3 milliseconds' "
                        + "FROM generate_series(" + from + ", " + to + ") AS g, "
                        + "LATERAL (SELECT now() - interval '40 days' + g * interval '250 milliseconds' AS ts) t");
                System.out.printf("fill     %,d rows%n", to);
            }
            sql.execute("ALTER TABLE executions ADD CONSTRAINT executions_pkey PRIMARY KEY (id)");
            // the migrations' own definitions (V1, V8)
            sql.execute("CREATE INDEX executions_tenant_created_idx ON executions (tenant_id, created_at DESC, id DESC)");
            sql.execute("CREATE INDEX executions_status_idx ON executions (status, id)");
            sql.execute("CREATE INDEX executions_created_idx ON executions (created_at)");
            sql.execute("VACUUM ANALYZE executions");
        }
    }

    private static long count(Connection db) throws SQLException {
        try (Statement sql = db.createStatement(); ResultSet row = sql.executeQuery("SELECT count(*) FROM executions")) {
            row.next();
            return row.getLong(1);
        }
    }

    private static String id(long g) {
        return "exec_bench_" + String.format("%010d", g);
    }

    /** The cursor of the page after {@code pages} pages of 20, newest first. */
    private static String cursorAfter(HttpClient client, int port, int pages) throws Exception {
        String cursor = null;
        for (int i = 0; i < pages; i++) {
            String body = get(client, port, "/v1/executions?limit=20" + (cursor == null ? "" : "&cursor=" + cursor))
                    .body();
            int at = body.indexOf("\"next_cursor\":\"");
            cursor = body.substring(at + 15, body.indexOf('"', at + 15));
        }
        return cursor;
    }

    private static String execute(HttpClient client, int port) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri(port, "/v1/prompt/execute"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"echo\",\"input\":\"hello\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        int at = body.indexOf("\"id\":\"");
        return body.substring(at + 6, body.indexOf('"', at + 6));
    }

    private static HttpResponse<String> get(HttpClient client, int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(port, path)).header("Authorization", "Bearer " + KEY)
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static Process startServer(Path jar, Path work, int port, String dbUrl, String user, String password)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toAbsolutePath().toString())
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("server.log").toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("PE_"));
        env.put("PE_PORT", String.valueOf(port));
        env.put("PE_HOST", "127.0.0.1");
        env.put("PE_DB_URL", dbUrl);
        env.put("PE_DB_USER", user);
        env.put("PE_DB_PASSWORD", password);
        env.put("PE_DEMO_KEY", KEY);
        env.put("PE_ADMIN_KEY", ADMIN);
        // the bench's reads must not be refused by the demo tenant's plan
        env.put("PE_DEMO_PLAN", "enterprise");
        return builder.start();
    }

    private static void awaitReady(HttpClient client, int port, Process server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server exited; see its server.log");
            }
            try {
                if (client.send(HttpRequest.newBuilder(uri(port, "/health/ready")).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the server was not ready within 60 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
                    .findFirst().map(line -> line.substring(line.indexOf(':') + 1).strip()).orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value pairs, got " + args[i]);
            }
            options.put(args[i], args[i + 1]);
        }
        return options;
    }
}
