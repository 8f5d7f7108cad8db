package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's command line, run in-process on a database of its own, as {@code java -jar … tenants …} runs. */
class CliTest {

    private static final Pattern SECRET = Pattern.compile("pe_live_[A-Za-z0-9_-]{43}");

    @TempDir
    Path directory;

    private String dbUrl() {
        return "jdbc:h2:file:" + directory.resolve("db").toAbsolutePath();
    }

    private Result run(String... args) {
        return runOn(dbUrl(), args);
    }

    private Result runOn(String url, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Config config = Config.from(name -> Optional.ofNullable(Map.of("PE_DB_URL", url).get(name)));
        int code = Cli.run(config, args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private record Result(int code, String out, String err) {
    }

    @Test
    void givenNoArgumentsOrServe_theJarServes() {
        assertThat(Cli.servesHttp(new String[0])).isTrue();
        assertThat(Cli.servesHttp(new String[] {"serve"})).isTrue();
        assertThat(Cli.servesHttp(new String[] {"tenants", "list"})).isFalse();
        assertThat(Cli.servesHttp(new String[] {"serve", "--port"})).isFalse();
    }

    @Test
    void tenantsCreateThenList_showsTheTenantOnItsPlan() {
        Result created = run("tenants", "create", "acme", "--name", "Acme Corp", "--plan", "pro");
        Result listed = run("tenants", "list");

        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.out()).contains("Created tenant 'acme'").contains("on plan 'pro'");
        assertThat(listed.code()).isZero();
        assertThat(listed.out().lines()).first().asString().startsWith("SLUG").contains("PLAN");
        assertThat(listed.out()).containsPattern("acme +ten_\\S+ +pro +yes +\\S+ +Acme Corp");
    }

    @Test
    void givenNoNameOrPlan_tenantsCreate_usesTheSlugAndFree() {
        run("tenants", "create", "globex");

        assertThat(run("tenants", "show", "globex").out()).contains("name:    globex").contains("plan:    free");
    }

    @Test
    void givenTakenSlugOrUnknownPlan_tenantsCreate_exitsOneSayingWhy() {
        run("tenants", "create", "acme");

        Result taken = run("tenants", "create", "acme");
        Result unknown = run("tenants", "create", "initech", "--plan", "gold");

        assertThat(taken.code()).isEqualTo(Cli.REFUSED);
        assertThat(taken.err()).contains("prompt-engine: ").contains("'acme' already exists");
        assertThat(unknown.code()).isEqualTo(Cli.REFUSED);
        assertThat(unknown.err()).contains("Unknown plan 'gold'");
        assertThat(run("tenants", "list").out()).doesNotContain("initech");
    }

    @Test
    void setPlanDeactivateAndActivate_changeTheTenant() {
        run("tenants", "create", "acme");

        assertThat(run("tenants", "set-plan", "acme", "enterprise").code()).isZero();
        assertThat(run("tenants", "deactivate", "acme").out()).contains("deactivated");
        assertThat(run("tenants", "show", "acme").out()).contains("plan:    enterprise").contains("active:  no");
        assertThat(run("tenants", "activate", "acme").code()).isZero();
        assertThat(run("tenants", "show", "acme").out()).contains("active:  yes");
        assertThat(run("tenants", "set-plan", "ghost", "pro").err()).contains("Tenant 'ghost' not found");
    }

    @Test
    void plansCreateThenList_showsBuiltInsAndTheNewPlan() {
        Result created = run("plans", "create", "team", "--rpm", "300", "--tpm", "90000", "--monthly-tokens",
                "10000000");
        Result builtIn = run("plans", "create", "free", "--rpm", "5");
        Result listed = run("plans", "list");

        assertThat(created.code()).as(created.err()).isZero();
        assertThat(builtIn.code()).isEqualTo(Cli.REFUSED);
        assertThat(builtIn.err()).contains("built in");
        assertThat(listed.out()).containsPattern("free +60 +- +- +yes")
                .containsPattern("enterprise +5000 +- +- +yes")
                .containsPattern("team +300 +90000 +10000000 +no");
    }

    @Test
    void givenBadUsage_exitsTwoWithTheUsage() {
        Result missingRpm = run("plans", "create", "team");
        Result unknown = run("tenants", "rename", "acme");
        Result badDuration = run("keys", "create", "--tenant", "acme", "--name", "ci", "--scopes", "read",
                "--expires-in", "soon");

        assertThat(missingRpm.code()).isEqualTo(2);
        assertThat(missingRpm.err()).contains("--rpm");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(badDuration.code()).isEqualTo(2);
        assertThat(badDuration.err()).contains("--expires-in");
    }

    @Test
    void databaseCompact_givesTheFilesFreeSpaceBackAndKeepsEveryRow() throws Exception {
        for (int i = 0; i < 30; i++) {
            assertThat(run("tenants", "create", "tenant-" + i).code()).isZero();
        }
        Path file = directory.resolve("db.mv.db");
        long before = Files.size(file);

        Result compacted = run("database", "compact");

        assertThat(compacted.code()).as(compacted.err()).isZero();
        long after = Files.size(file);
        assertThat(after).isLessThan(before);
        assertThat(compacted.out()).contains("Compacted " + file.toAbsolutePath().normalize())
                .contains(String.format(Locale.ROOT, "%.1f MB -> %.1f MB", before / 1e6, after / 1e6));
        String listed = run("tenants", "list").out();
        for (int i = 0; i < 30; i++) {
            assertThat(listed).contains("tenant-" + i + " ");
        }
    }

    @Test
    void givenNoDatabaseOrNotAnH2File_databaseCompact_exitsOneSayingWhy() {
        Result missing = run("database", "compact");
        Result postgres = runOn("jdbc:postgresql://127.0.0.1:1/pe", "database", "compact");
        Result memory = runOn("jdbc:h2:mem:cli", "database", "compact");

        assertThat(missing.code()).isEqualTo(Cli.REFUSED);
        assertThat(missing.err()).contains("prompt-engine: There is no database at jdbc:h2:file:");
        assertThat(directory.resolve("db.mv.db")).doesNotExist();
        assertThat(postgres.code()).isEqualTo(Cli.REFUSED);
        assertThat(postgres.err()).contains("Only an H2 file database").contains("VACUUM");
        assertThat(memory.code()).isEqualTo(Cli.REFUSED);
        assertThat(memory.err()).contains("not jdbc:h2:mem:cli");
    }

    @Test
    void help_listsTheCommands() {
        Result help = run("--help");

        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("tenants").contains("plans").contains("keys").contains("database")
                .contains("serve");
    }

    @Test
    void keysCreate_printsASecretOnceThatTheServerAcceptsWithItsScopes() {
        run("tenants", "create", "acme", "--plan", "pro");
        Result created = run("keys", "create", "--tenant", "acme", "--name", "ci", "--scopes", "execute,read",
                "--expires-in", "30d");
        Result badScope = run("keys", "create", "--tenant", "acme", "--name", "ci", "--scopes", "admin");

        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.out()).contains("scopes execute,read").contains("expires ");
        Matcher secret = SECRET.matcher(created.out());
        assertThat(secret.find()).isTrue();
        assertThat(badScope.code()).isEqualTo(Cli.REFUSED);
        assertThat(badScope.err()).contains("Unknown scope 'admin'");

        try (RunningApp app = RunningApp.start(Map.of("PE_DB_URL", dbUrl()))) {
            Api ci = app.api().withKey(secret.group());
            assertThat(ci.post("/v1/prompt/execute", "{\"model\":\"echo\",\"input\":\"Hi\"}").status()).isEqualTo(200);
            assertThat(ci.get("/v1/api-keys").status()).isEqualTo(403);
            assertThat(app.admin().get("/v1/admin/tenants/acme").json().path("plan").asString()).isEqualTo("pro");
        }
    }
}
