package io.promptengine.bootstrap;

import io.promptengine.adapters.persistence.Database;
import io.promptengine.adapters.persistence.H2Compaction;
import io.promptengine.application.port.in.AdministrationUseCases;
import io.promptengine.application.port.in.CreatePlanCommand;
import io.promptengine.application.port.in.CreateTenantCommand;
import io.promptengine.application.port.in.IssuedApiKey;
import io.promptengine.application.port.in.ListTenantsQuery;
import io.promptengine.application.port.in.NewApiKey;
import io.promptengine.application.port.in.Operator;
import io.promptengine.application.port.in.TenantList;
import io.promptengine.application.port.in.UpdateTenantCommand;
import io.promptengine.application.wiring.Core;
import io.promptengine.domain.error.PromptEngineException;
import io.promptengine.domain.ratelimit.Plan;
import io.promptengine.domain.ratelimit.RateLimitPolicy;
import io.promptengine.domain.tenant.ApiKey;
import io.promptengine.domain.tenant.Scope;
import io.promptengine.domain.tenant.Tenant;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * The operator's command line: {@code java -jar prompt-engine.jar tenants create acme --plan pro}. It works on the
 * configured database ({@code PE_DB_URL}) through the same use cases as {@code /v1/admin}, not over HTTP, so whoever
 * may open the database is the operator. On the embedded H2 database the server holds the file, so stop it first;
 * on PostgreSQL the command line and running servers share the database.
 *
 * <p>Exit codes: 0 done, 1 refused (the message says why), 2 a mistake in the command line.
 */
final class Cli {

    static final int REFUSED = 1;
    private static final int DB_POOL_SIZE = 2;

    private Cli() {
    }

    /** Whether {@code args} ask for the server rather than a command: none, or just {@code serve}. */
    static boolean servesHttp(String[] args) {
        return args.length == 0 || (args.length == 1 && args[0].equals("serve"));
    }

    /** Runs one command and returns its exit code; the database is opened only if the command needs it. */
    static int run(Config config, String[] args, PrintWriter out, PrintWriter err) {
        try (Session session = new Session(config)) {
            CommandLine cli = new CommandLine(new Root())
                    .addSubcommand(new CommandLine.HelpCommand())
                    .addSubcommand("tenants", new CommandLine(new Group())
                            .addSubcommand("create", new CreateTenant(session, out))
                            .addSubcommand("list", new ListTenants(session, out))
                            .addSubcommand("show", new ShowTenant(session, out))
                            .addSubcommand("set-plan", new SetPlan(session, out))
                            .addSubcommand("deactivate", new SetActive(session, out, false))
                            .addSubcommand("activate", new SetActive(session, out, true)))
                    .addSubcommand("plans", new CommandLine(new Group())
                            .addSubcommand("list", new ListPlans(session, out))
                            .addSubcommand("create", new CreatePlan(session, out)))
                    .addSubcommand("keys", new CommandLine(new Group())
                            .addSubcommand("create", new CreateKey(session, out)))
                    .addSubcommand("database", new CommandLine(new Group())
                            .addSubcommand("compact", new CompactDatabase(config, out, err)));
            describeGroups(cli);
            cli.setOut(out);
            cli.setErr(err);
            cli.setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
                if (exception instanceof PromptEngineException refused) {
                    err.println("prompt-engine: " + refused.getMessage());
                    return REFUSED;
                }
                throw exception;
            });
            int code = cli.execute(args);
            out.flush();
            err.flush();
            return code;
        }
    }

    private static void describeGroups(CommandLine cli) {
        CommandLine tenants = cli.getSubcommands().get("tenants");
        tenants.getCommandSpec().usageMessage().description("Create, list and change tenants.");
        tenants.getSubcommands().get("deactivate").getCommandSpec().usageMessage()
                .description("Deactivate a tenant: its keys are refused (403) from the next request on.");
        tenants.getSubcommands().get("activate").getCommandSpec().usageMessage()
                .description("Reactivate a deactivated tenant.");
        cli.getSubcommands().get("plans").getCommandSpec().usageMessage()
                .description("List and define plans (requests per minute, tokens per minute, monthly tokens).");
        cli.getSubcommands().get("keys").getCommandSpec().usageMessage()
                .description("Give a tenant an API key.");
        cli.getSubcommands().get("database").getCommandSpec().usageMessage()
                .description("Look after the embedded H2 database file.");
    }

    /** The database and services, opened on first use and closed when the command is done. */
    private static final class Session implements AutoCloseable {

        private final Config config;
        private Database database;
        private AdministrationUseCases services;

        Session(Config config) {
            this.config = config;
        }

        AdministrationUseCases services() {
            if (services == null) {
                database = new Database(config.dbUrl(), config.dbUser().orElse(""), config.dbPassword().orElse(""),
                        DB_POOL_SIZE);
                services = Core.administration(PromptEngine.stores(database), new RandomIdGenerator(),
                        new SystemClock(), new SecureRandom());
            }
            return services;
        }

        @Override
        public void close() {
            if (database != null) {
                database.close();
            }
        }
    }

    @Command(name = "prompt-engine", mixinStandardHelpOptions = true, version = "Prompt Engine",
            description = {"Without a command (or with 'serve'), starts the HTTP server.",
                "The commands below work on the configured database (PE_DB_URL) directly."})
    private static final class Root implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
        }
    }

    @Command(mixinStandardHelpOptions = true)
    private static final class Group implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
        }
    }

    /** A command that prints to {@code out} and may open the database. */
    private abstract static class Action implements Callable<Integer> {
        final Session session;
        final PrintWriter out;

        Action(Session session, PrintWriter out) {
            this.session = session;
            this.out = out;
        }

        @Override
        public final Integer call() {
            perform();
            return 0;
        }

        abstract void perform();
    }

    @Command(description = {"Give the H2 database file's free space back: copies its live data to a new file that "
            + "then replaces it. Stop the server first; keep a copy of the file.",
        "Prompt Engine never compacts the file itself (README, \"Durability on H2\")."},
            mixinStandardHelpOptions = true)
    private static final class CompactDatabase implements Callable<Integer> {
        private final Config config;
        private final PrintWriter out;
        private final PrintWriter err;

        CompactDatabase(Config config, PrintWriter out, PrintWriter err) {
            this.config = config;
            this.out = out;
            this.err = err;
        }

        @Override
        public Integer call() {
            H2Compaction.Result result;
            try {
                result = H2Compaction.compact(config.dbUrl(), config.dbUser().orElse(""),
                        config.dbPassword().orElse(""));
            } catch (IllegalArgumentException | IllegalStateException refused) {
                err.println("prompt-engine: " + refused.getMessage());
                return REFUSED;
            }
            out.printf(Locale.ROOT, "Compacted %s: %.1f MB -> %.1f MB%n", result.file(), result.bytesBefore() / 1e6,
                    result.bytesAfter() / 1e6);
            return 0;
        }
    }

    @Command(description = "Create a tenant.", mixinStandardHelpOptions = true)
    private static final class CreateTenant extends Action {
        @Parameters(paramLabel = "SLUG", description = "Lowercase letters, digits and inner hyphens; its subdomain.")
        String slug;
        @Option(names = "--name", description = "Display name (default: the slug).")
        String name;
        @Option(names = "--plan", defaultValue = "free", description = "Plan (default: ${DEFAULT-VALUE}).")
        String plan;

        CreateTenant(Session session, PrintWriter out) {
            super(session, out);
        }

        @Override
        void perform() {
            Tenant tenant = session.services().tenants()
                    .create(Operator.NO_REQUEST, new CreateTenantCommand(slug, name == null ? slug : name, plan));
            out.println("Created tenant '" + tenant.slug() + "' (" + tenant.id() + ") on plan '" + tenant.plan()
                    + "'. Give it a key: keys create --tenant " + tenant.slug() + " --name NAME --scopes execute,read");
        }
    }

    @Command(description = "List every tenant in slug order.", mixinStandardHelpOptions = true)
    private static final class ListTenants extends Action {
        ListTenants(Session session, PrintWriter out) {
            super(session, out);
        }

        @Override
        void perform() {
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("SLUG", "ID", "PLAN", "ACTIVE", "CREATED", "NAME"));
            Optional<String> cursor = Optional.empty();
            do {
                TenantList page = session.services().tenants()
                        .list(new ListTenantsQuery(cursor, ListTenantsQuery.MAX_LIMIT));
                for (Tenant tenant : page.items()) {
                    rows.add(List.of(tenant.slug(), tenant.id().value(), tenant.plan(),
                            tenant.active() ? "yes" : "no", tenant.createdAt().toString(), tenant.name()));
                }
                cursor = page.nextCursor();
            } while (cursor.isPresent());
            printTable(out, rows);
        }
    }

    @Command(description = "Show one tenant.", mixinStandardHelpOptions = true)
    private static final class ShowTenant extends Action {
        @Parameters(paramLabel = "TENANT", description = "Slug or id.")
        String tenant;

        ShowTenant(Session session, PrintWriter out) {
            super(session, out);
        }

        @Override
        void perform() {
            Tenant found = session.services().tenants().get(tenant);
            out.println("slug:    " + found.slug());
            out.println("id:      " + found.id());
            out.println("name:    " + found.name());
            out.println("plan:    " + found.plan());
            out.println("active:  " + (found.active() ? "yes" : "no"));
            out.println("created: " + found.createdAt());
        }
    }

    @Command(description = "Move a tenant to another plan.", mixinStandardHelpOptions = true)
    private static final class SetPlan extends Action {
        @Parameters(index = "0", paramLabel = "TENANT", description = "Slug or id.")
        String tenant;
        @Parameters(index = "1", paramLabel = "PLAN")
        String plan;

        SetPlan(Session session, PrintWriter out) {
            super(session, out);
        }

        @Override
        void perform() {
            Tenant updated = session.services().tenants()
                    .update(Operator.NO_REQUEST, new UpdateTenantCommand(tenant, Optional.of(plan),
                            Optional.empty()));
            out.println("Tenant '" + updated.slug() + "' is now on plan '" + updated.plan() + "'.");
        }
    }

    @Command(mixinStandardHelpOptions = true)
    private static final class SetActive extends Action {
        @Parameters(paramLabel = "TENANT", description = "Slug or id.")
        String tenant;
        private final boolean active;

        SetActive(Session session, PrintWriter out, boolean active) {
            super(session, out);
            this.active = active;
        }

        @Override
        void perform() {
            Tenant updated = session.services().tenants()
                    .update(Operator.NO_REQUEST, new UpdateTenantCommand(tenant, Optional.empty(),
                            Optional.of(active)));
            out.println(active ? "Tenant '" + updated.slug() + "' is active again."
                    : "Tenant '" + updated.slug() + "' is deactivated: its keys are refused (403).");
        }
    }

    @Command(description = "List the built-in and the defined plans.", mixinStandardHelpOptions = true)
    private static final class ListPlans extends Action {
        ListPlans(Session session, PrintWriter out) {
            super(session, out);
        }

        @Override
        void perform() {
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("NAME", "REQUESTS/MIN", "TOKENS/MIN", "MONTHLY TOKENS", "BUILT-IN"));
            for (Plan plan : session.services().plans().list()) {
                RateLimitPolicy policy = plan.policy();
                rows.add(List.of(plan.name(), String.valueOf(policy.requestsPerMinute()),
                        text(policy.tokensPerMinute()), text(policy.monthlyTokenQuota()),
                        plan.builtIn() ? "yes" : "no"));
            }
            printTable(out, rows);
        }

        private static String text(OptionalLong value) {
            return value.isPresent() ? String.valueOf(value.getAsLong()) : "-";
        }
    }

    @Command(description = "Define a plan.", mixinStandardHelpOptions = true)
    private static final class CreatePlan extends Action {
        @Parameters(paramLabel = "NAME")
        String name;
        @Option(names = "--rpm", required = true, paramLabel = "N", description = "Requests per minute.")
        int requestsPerMinute;
        @Option(names = "--tpm", paramLabel = "N", description = "Tokens per minute (default: no limit).")
        Long tokensPerMinute;
        @Option(names = "--monthly-tokens", paramLabel = "N", description = "Tokens per calendar month (default: no quota).")
        Long monthlyTokens;

        CreatePlan(Session session, PrintWriter out) {
            super(session, out);
        }

        @Override
        void perform() {
            Plan plan = session.services().plans().create(Operator.NO_REQUEST, new CreatePlanCommand(name,
                    new RateLimitPolicy(requestsPerMinute, optional(tokensPerMinute), optional(monthlyTokens))));
            out.println("Created plan '" + plan.name() + "': " + plan.policy().requestsPerMinute()
                    + " requests per minute.");
        }

        private static OptionalLong optional(Long value) {
            return value == null ? OptionalLong.empty() : OptionalLong.of(value);
        }
    }

    @Command(description = "Give a tenant an API key; prints its secret this once.", mixinStandardHelpOptions = true)
    private static final class CreateKey extends Action {
        private static final Pattern DURATION = Pattern.compile("(\\d{1,6})([dhm])");

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--tenant", required = true, paramLabel = "TENANT", description = "Slug or id.")
        String tenant;
        @Option(names = "--name", required = true, paramLabel = "NAME")
        String name;
        @Option(names = "--scopes", required = true, split = ",", paramLabel = "SCOPE",
                description = "Comma-separated: execute, read, manage.")
        List<String> scopes;
        @Option(names = "--expires-in", paramLabel = "DURATION",
                description = "Like 30d, 12h or 90m (default: never expires).")
        String expiresIn;
        @Option(names = "--rpm", paramLabel = "N", description = "A requests-per-minute limit of the key's own.")
        Integer requestsPerMinute;

        CreateKey(Session session, PrintWriter out) {
            super(session, out);
        }

        @Override
        void perform() {
            Optional<Instant> expiresAt = Optional.ofNullable(expiresIn)
                    .map(text -> Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(duration(text)));
            Set<Scope> wanted = EnumSet.noneOf(Scope.class);
            scopes.forEach(scope -> wanted.add(Scope.fromWire(scope.strip())));
            IssuedApiKey issued = session.services().tenants().issueApiKey(Operator.NO_REQUEST, tenant,
                    new NewApiKey(name, wanted, expiresAt,
                            requestsPerMinute == null ? OptionalInt.empty() : OptionalInt.of(requestsPerMinute)));
            ApiKey key = issued.key();
            out.println("Created API key " + key.id() + " ('" + key.name() + "') for tenant '" + tenant
                    + "', scopes " + key.scopes().stream().sorted().map(Scope::wireName).collect(Collectors.joining(","))
                    + key.expiresAt().map(at -> ", expires " + at).orElse("") + ".");
            out.println("Its secret, shown this once (only its hash is stored):");
            out.println();
            out.println("    " + issued.secret().reveal());
            out.println();
        }

        private Duration duration(String text) {
            Matcher match = DURATION.matcher(text.strip());
            if (!match.matches()) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--expires-in must be a number followed by d, h or m, such as 30d; not '" + text + "'");
            }
            long amount = Long.parseLong(match.group(1));
            return switch (match.group(2)) {
                case "d" -> Duration.ofDays(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofMinutes(amount);
            };
        }
    }

    /** Columns padded to their widest cell, the last one left ragged. */
    private static void printTable(PrintWriter out, List<List<String>> rows) {
        int columns = rows.get(0).size();
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(i == columns - 1 ? row.get(i) : String.format("%-" + (widths[i] + 2) + "s", row.get(i)));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
