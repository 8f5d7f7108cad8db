package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.bootstrap.CrashHarness.Moment;
import io.promptengine.bootstrap.CrashLedger.Ack;
import io.promptengine.bootstrap.CrashLedger.DefinitionFact;
import io.promptengine.bootstrap.CrashLedger.ExecutionFact;
import io.promptengine.bootstrap.CrashLedger.Fact;
import io.promptengine.bootstrap.CrashLedger.KeyFact;
import io.promptengine.bootstrap.CrashLedger.Loss;
import io.promptengine.bootstrap.CrashLedger.Surface;
import io.promptengine.bootstrap.CrashLedger.TenantFact;
import io.promptengine.bootstrap.CrashLedger.VersionFact;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Nothing the server acknowledged is lost when it is killed with {@code SIGKILL}: the real server in a process of its
 * own, on an H2 file or on PostgreSQL (which keeps running), under a mixed load from several client threads, killed
 * during bursts, right after them and seconds after them, and restarted on the same database, round after round;
 * every write answered 2xx before a kill must be there, and right, after every later restart. See
 * {@link CrashHarness}.
 *
 * <p>In the suite each database gets 10 kills of a small load. {@code -Pcrash} runs only this class with 200 kills
 * of a larger one (README, "Crash test"); the system properties {@code crash.rounds}, {@code crash.seed},
 * {@code crash.threads}, {@code crash.tasks}, {@code crash.min-chars}, {@code crash.max-chars},
 * {@code crash.seconds-after-max-ms}, {@code crash.full-check-every}, {@code crash.sample} and {@code crash.jar} (run
 * a packaged jar instead of this classpath's {@code Main}) change the run. Each report is also written to
 * {@code target/crash-reports/}; a run that loses something keeps its database and server logs and names them.
 */
class CrashTest {

    @Test
    void givenH2File_killedAtRandomMomentsRoundAfterRound_everyAcknowledgedWriteSurvivesEveryRestart()
            throws Exception {
        Path directory = Files.createTempDirectory("pe-crash-h2-");
        Path database = directory.resolve("db");
        Map<String, String> settings = serverSettings();
        settings.put("PE_DB_URL", "jdbc:h2:file:" + database.toAbsolutePath());
        runAndAssertNothingLost("H2", settings, directory, directory.resolve("db.mv.db"));
    }

    @Test
    void givenPostgres_serverKilledAtRandomMomentsRoundAfterRound_everyAcknowledgedWriteSurvivesEveryRestart()
            throws Exception {
        Path directory = Files.createTempDirectory("pe-crash-pg-");
        Map<String, String> settings = serverSettings();
        settings.putAll(TestPostgres.freshDatabase());
        runAndAssertNothingLost("PostgreSQL", settings, directory, null);
    }

    /** The check is strict: each kind of fact reports a write the server does not hold, and passes one it does. */
    @Test
    void givenFactsTheServerDoesNotHold_theCheckReportsEachOneLost() throws Exception {
        Path directory = Files.createTempDirectory("pe-crash-check-");
        Map<String, String> settings = serverSettings();
        settings.put("PE_DB_URL", "jdbc:h2:file:" + directory.resolve("db").toAbsolutePath());
        CrashHttp http = new CrashHttp();
        try (CrashServer server = CrashServer.of(settings, directory, null)) {
            http.target(server.start());
            Ack ack = new Ack(1, System.nanoTime());
            long seed = 42;
            String text = CrashLedger.text(seed, 500);
            String executionId = post(http, RunningApp.DEMO_KEY, "/v1/prompt/execute",
                    Api.JSON.writeValueAsString(Map.of("model", "echo", "input", text))).path("id").asString();
            JsonNode revokedKey = post(http, RunningApp.DEMO_KEY, "/v1/api-keys",
                    "{\"name\":\"gone\",\"scopes\":[\"read\"]}");
            assertThat(http.send(RunningApp.DEMO_KEY, "DELETE", "/v1/api-keys/" + revokedKey.path("id").asString(),
                    null).orElseThrow().status()).isEqualTo(200);
            JsonNode liveKey = post(http, RunningApp.DEMO_KEY, "/v1/api-keys", "{\"name\":\"live\",\"scopes\":[\"read\"]}");
            post(http, RunningApp.ADMIN_KEY, "/v1/admin/tenants", "{\"slug\":\"still-active\",\"name\":\"s\","
                    + "\"plan\":\"free\"}");
            JsonNode tenantKey = post(http, RunningApp.ADMIN_KEY, "/v1/admin/tenants/still-active/api-keys",
                    "{\"name\":\"k\",\"scopes\":[\"read\"]}");
            JsonNode endpoint = post(http, RunningApp.DEMO_KEY, "/v1/endpoints", "{\"path\":\"/crash/check\","
                    + "\"input_schema\":{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}}}}");
            String promptId = post(http, RunningApp.DEMO_KEY, "/v1/prompts", "{\"name\":\"check\",\"endpoint_id\":\""
                    + endpoint.path("id").asString() + "\"}").path("id").asString();
            post(http, RunningApp.DEMO_KEY, "/v1/prompts/" + promptId + "/versions",
                    "{\"user_template\":\"Say: {{text}}\",\"model\":\"echo\"}");

            TenantFact deactivatedInTheLedger = new TenantFact("still-active", "free", ack);
            deactivatedInTheLedger.deactivated(ack);
            KeyFact revokedInTheLedger = new KeyFact(liveKey.path("id").asString(), liveKey.path("secret").asString(),
                    null, ack);
            revokedInTheLedger.revoked(ack);
            VersionFact liveInTheLedger = new VersionFact(promptId, 1, ack);
            liveInTheLedger.expect(Set.of("live"), ack);
            List<Fact> wrong = List.of(
                    new ExecutionFact("exec_never_written", Surface.SYNC, seed, 500, ack),
                    new ExecutionFact(executionId, Surface.SYNC, seed + 1, 500, ack),
                    new ExecutionFact(executionId, Surface.ENDPOINT, seed, 500, ack),
                    new KeyFact("key_never_made", "pe_live_never_made_0123456789abcdefghijklmnopq", null, ack),
                    new KeyFact(revokedKey.path("id").asString(), revokedKey.path("secret").asString(), null, ack),
                    revokedInTheLedger,
                    deactivatedInTheLedger,
                    new KeyFact(tenantKey.path("id").asString(), tenantKey.path("secret").asString(),
                            deactivatedInTheLedger, ack),
                    new TenantFact("never-made", "free", ack),
                    new TenantFact("demo", CrashLoad.PLAN, ack),
                    new DefinitionFact("endpoint ep_never_made", RunningApp.DEMO_KEY, "/v1/endpoints/ep_never_made",
                            "path", "/x", ack),
                    new DefinitionFact("endpoint", RunningApp.DEMO_KEY, "/v1/endpoints/" + endpoint.path("id")
                            .asString(), "path", "/crash/moved", ack),
                    liveInTheLedger);
            List<Fact> right = List.of(
                    new ExecutionFact(executionId, Surface.SYNC, seed, 500, ack),
                    new ExecutionFact(executionId, Surface.ASYNC, seed, 500, ack),
                    new KeyFact(liveKey.path("id").asString(), liveKey.path("secret").asString(), null, ack),
                    new TenantFact("still-active", "free", ack),
                    new VersionFact(promptId, 1, ack),
                    new DefinitionFact("endpoint", RunningApp.DEMO_KEY, "/v1/endpoints/" + endpoint.path("id")
                            .asString(), "path", "/crash/check", ack));

            for (Fact fact : wrong) {
                assertThat(fact.check(http)).as("the check of %s", fact).isPresent();
            }
            for (Fact fact : right) {
                Optional<Loss> loss = fact.check(http);
                assertThat(loss).as("the check of %s", fact).isEmpty();
            }
        }
        delete(directory);
    }

    private static void runAndAssertNothingLost(String database, Map<String, String> serverSettings, Path directory,
            Path databaseFile) throws Exception {
        CrashHarness.Settings settings = new CrashHarness.Settings(database, seed(),
                Integer.getInteger("crash.rounds", 10),
                new CrashLoad.Size(Integer.getInteger("crash.threads", 4), Integer.getInteger("crash.tasks", 40),
                        Integer.getInteger("crash.min-chars", 1000), Integer.getInteger("crash.max-chars", 6000)),
                Long.getLong("crash.seconds-after-max-ms", 3000), Integer.getInteger("crash.full-check-every", 1),
                Integer.getInteger("crash.sample", 300));
        String jar = System.getProperty("crash.jar", "");
        Path saved = reportFile(settings);
        CrashHarness.Report report;
        // line by line, so that a long run can be followed with tail -f
        try (CrashServer server = CrashServer.of(serverSettings, directory, jar.isEmpty() ? null : Path.of(jar));
                PrintWriter file = new PrintWriter(Files.newBufferedWriter(saved, StandardCharsets.UTF_8), true)) {
            report = new CrashHarness(settings, server, databaseFile, line -> {
                System.out.println(line);
                file.println(line);
            }).run();
        }
        boolean clean = report.failure().isEmpty() && report.lost().isEmpty() && report.unanswered().isEmpty();
        if (clean) {
            delete(directory);
        }
        String where = "report in " + saved + (clean ? "" : "; database and server logs kept in " + directory)
                + "\n" + report.text();
        assertThat(report.failure()).as(where).isEmpty();
        assertThat(report.lost()).as(where).isEmpty();
        assertThat(report.unanswered()).as(where).isEmpty();
        assertThat(report.kills()).as(where).isEqualTo(settings.rounds());
        if (settings.rounds() >= 3) {
            for (Moment moment : Moment.values()) {
                assertThat(report.kills(moment)).as("kills %s; %s", moment.description, where).isPositive();
            }
        }
        assertThat(report.rounds()).as("every round acknowledged writes and its restart checked them; " + where)
                .allSatisfy(round -> {
                    assertThat(round.acknowledgedCount()).isPositive();
                    assertThat(round.after().checked()).isPositive();
                });
    }

    /** The facts' seed from {@code crash.seed}, else a new one (printed first in the report). */
    private static long seed() {
        String given = System.getProperty("crash.seed", "");
        return given.isEmpty() ? new SecureRandom().nextLong() : Long.parseLong(given);
    }

    /** Settings of every server of this class, over which a test sets the database. */
    private static Map<String, String> serverSettings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("PE_HOST", "127.0.0.1");
        settings.put("PE_DEMO_KEY", RunningApp.DEMO_KEY);
        settings.put("PE_ADMIN_KEY", RunningApp.ADMIN_KEY);
        return settings;
    }

    private static JsonNode post(CrashHttp http, String key, String path, String json) {
        Api.Reply reply = http.send(key, "POST", path, json).orElseThrow();
        assertThat(reply.status()).as("POST %s: %s", path, reply.body()).isBetween(200, 201);
        return reply.json();
    }

    private static Path reportFile(CrashHarness.Settings settings) throws IOException {
        Path reports = Files.createDirectories(Path.of("target", "crash-reports"));
        return reports.resolve(settings.database().toLowerCase(Locale.ROOT) + "-" + settings.seed() + ".txt")
                .toAbsolutePath();
    }

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
