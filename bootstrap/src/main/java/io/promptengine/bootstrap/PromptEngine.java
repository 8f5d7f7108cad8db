package io.promptengine.bootstrap;

import io.javalin.config.JavalinConfig;
import io.promptengine.adapters.http.HttpApi;
import io.promptengine.adapters.http.HttpRoutes;
import io.promptengine.adapters.http.HttpSettings;
import io.promptengine.adapters.http.PlainJson;
import io.promptengine.adapters.http.console.ConsoleRoutes;
import io.promptengine.adapters.llm.CircuitBreakingModelProvider;
import io.promptengine.adapters.llm.ModelPrices;
import io.promptengine.adapters.llm.ProviderRouter;
import io.promptengine.adapters.llm.TokenCounter;
import io.promptengine.adapters.llm.anthropic.AnthropicModelProvider;
import io.promptengine.adapters.llm.local.LocalModelProvider;
import io.promptengine.adapters.llm.openai.OpenAiModelProvider;
import io.promptengine.adapters.llm.schema.JsonSchemaValidator;
import io.promptengine.adapters.llm.spi.ModelProviderFactory;
import io.promptengine.adapters.llm.spi.ProviderKinds;
import io.promptengine.adapters.llm.template.MustacheTemplateRenderer;
import io.promptengine.adapters.persistence.CaffeineResponseCache;
import io.promptengine.adapters.persistence.Database;
import io.promptengine.adapters.persistence.InMemoryRateLimiter;
import io.promptengine.adapters.persistence.InMemoryTokenMeter;
import io.promptengine.adapters.webhooks.jetty.JettyWebhookSender;
import io.promptengine.application.port.in.ConsoleSessionUseCases;
import io.promptengine.application.port.in.ProvisioningUseCases;
import io.promptengine.application.port.in.UseCases;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.ExecutionQueue;
import io.promptengine.application.port.out.IdGenerator;
import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.application.port.out.ModelRouter;
import io.promptengine.application.port.out.PriceList;
import io.promptengine.application.port.out.RateLimiter;
import io.promptengine.application.port.out.TokenMeter;
import io.promptengine.application.port.out.WebhookSender;
import io.promptengine.application.service.ModelCallPolicy;
import io.promptengine.application.service.QueueWorker;
import io.promptengine.application.service.WebhookDeliveryWorker;
import io.promptengine.application.wiring.Core;
import io.promptengine.domain.ratelimit.Plan;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prompt Engine, running: the one composition root, where every adapter and service is built with {@code new}, in
 * small named steps, and nowhere else. {@code java -jar} starts one from the environment ({@link Main}); a host
 * application starts one with {@link #builder()}, on its own database or data source, with its own providers,
 * clock, ids and worker threads, serving HTTP or not, and takes the {@link #useCases()} to call it in process.
 *
 * <p>{@link #close} drains it as a stop of the server does: readiness turns false, in-flight requests finish, the
 * async workers stop claiming and get a grace period, what still runs goes back to the queue, then the heartbeat,
 * retention, the webhook sender and the database are closed. What the host gave (a data source, an executor) is left open.
 */
public final class PromptEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PromptEngine.class);
    private static final Duration EXECUTION_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration WORKER_GRACE = Duration.ofSeconds(10);
    /** How long a claimed delivery is its worker's: longer than an attempt may take. */
    private static final Duration WEBHOOK_LEASE = Duration.ofMinutes(1);
    /** How many deliveries a delivery worker claims at once. */
    private static final int WEBHOOK_BATCH = 16;
    /** How often each instance looks for executions past the retention age. */
    private static final Duration RETENTION_INTERVAL = Duration.ofMinutes(10);

    private final UseCases useCases;
    private final Core core;
    private final HttpRoutes routes;
    private final Optional<HttpApi> http;
    private final OptionalInt port;
    private final Optional<String> generatedDemoKey;
    private final Optional<String> generatedOperatorKey;
    /**
     * What {@link #close} stops, last started first: the workers, the heartbeat, retention, the webhook sender, the
     * database.
     */
    private final Deque<AutoCloseable> running;
    private boolean closed;

    private PromptEngine(Core core, HttpRoutes routes, Optional<HttpApi> http, OptionalInt port,
            Provisioned provisioned, Deque<AutoCloseable> running) {
        this.core = core;
        this.useCases = core.useCases();
        this.routes = routes;
        this.http = http;
        this.port = port;
        this.generatedDemoKey = provisioned.demoKey();
        this.generatedOperatorKey = provisioned.operatorKey();
        this.running = running;
    }

    /** A builder with the defaults of {@code java -jar} and no environment read; see {@link Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Every use case of this engine, in groups: what its HTTP API calls, and what a host calls in process. Tenancy,
     * limits, caching, idempotency and the execution record apply as over HTTP.
     */
    public UseCases useCases() {
        return useCases;
    }

    /** The port HTTP is served on (the free one chosen when 0 was asked for); empty when no HTTP is served. */
    public OptionalInt port() {
        return port;
    }

    /** The demo tenant's key when this start created it; shown once, never stored in clear. */
    public Optional<String> generatedDemoKey() {
        return generatedDemoKey;
    }

    /** The operator key when this start generated it (none configured, first start); shown once. */
    public Optional<String> generatedOperatorKey() {
        return generatedOperatorKey;
    }

    /** Plain Java values to JSON and back, for the in-process clients of this engine. */
    private final PlainJson plainJson = new PlainJson();

    /**
     * In-process calls acting for {@code tenant}, named by its id or slug as the admin API names it: the host
     * vouches for the caller, so the client holds every scope and the tenant's plan limits it. A
     * {@code NotFoundException} when there is no such tenant. See {@link EngineClient}.
     */
    public EngineClient tenant(String tenant) {
        return EngineClient.forTenant(useCases, plainJson, tenant);
    }

    /**
     * In-process calls with an API key, checked as over HTTP (an {@code AuthenticationException} for a bad one)
     * and with its scopes and its own request limit. See {@link EngineClient}.
     */
    public EngineClient authenticate(String apiKey) {
        return EngineClient.forKey(useCases, plainJson, apiKey);
    }

    /**
     * Adds this engine's HTTP API to a host's own Javalin application under {@code basePath}, beside the host's
     * routes on the host's port:
     * {@code Javalin.create(config -> { config.routes.get("/hello", …); engine.mount(config, "/llm"); })}.
     * Every route answers under it ({@code /llm/v1/prompt/execute}, {@code /llm/health/ready},
     * {@code /llm/openapi.json}, tenant endpoints at {@code /llm/<endpoint path>}) with the bodies, headers and
     * error envelope of the stand-alone server, and the links it emits ({@code Location}, OpenAPI {@code servers})
     * include the base path. Only routes are added: the host's routes, before and after handlers, exception
     * handlers and 404 outside the base path stay the host's, and unknown paths under it get our 404.
     *
     * <p>An engine started {@link Builder#withoutHttp() without HTTP} is meant for this; one serving its own port
     * may be mounted as well, and both then answer from the same use cases. The host's server owns what the
     * stand-alone one sets for itself: bind address, TLS, connection limits, slow-client deadlines and the
     * graceful stop, so a host stops its server before it {@linkplain #close closes} the engine. The body limit
     * ({@code PE_MAX_BODY_BYTES}) and {@code PE_BASE_DOMAIN} apply to the mount as to the stand-alone server.
     *
     * @param config the host's configuration, inside {@code Javalin.create}
     * @param basePath where to mount: {@code "/"} or {@code ""} for the root, else a plain path that starts with
     *        {@code /} and does not end with one, such as {@code /llm}
     * @throws IllegalArgumentException when {@code basePath} is not such a path; the message says why
     * @throws IllegalStateException when the engine is closed
     */
    public void mount(JavalinConfig config, String basePath) {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("This engine is closed; start another to mount it");
            }
        }
        routes.mount(config, basePath);
    }

    /**
     * Graceful stop: report not ready, let in-flight requests finish, stop claiming async work (what waits stays
     * queued for another instance or the next start), give running executions a grace period and put the ones
     * still running back in the queue, then stop the heartbeat and retention and close the database. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        core.readiness().markStopping();
        http.ifPresent(HttpApi::stop);
        closeAll(running);
    }

    /** Wires and starts an engine; on a failure, closes what it had started and rethrows. */
    private static PromptEngine start(Builder builder) {
        Config config = builder.config();
        Deque<AutoCloseable> started = new ArrayDeque<>();
        try {
            // closed last, so that the spans of the stop itself are exported
            Observability observability = Observability.start(config.tracing());
            started.push(observability);
            if (observability.tracing()) {
                LOG.info("Tracing on: spans go to the OTLP endpoint the OTEL_* variables name");
            }
            Database database = database(config, builder.dataSource);
            started.push(database);
            Clock clock = builder.clock.orElseGet(SystemClock::new);
            // closed after the workers, which deliver through it
            WebhookSender webhooks = webhookSender(config, builder, clock, started);
            Parts parts = new Parts(clock, builder.ids.orElseGet(RandomIdGenerator::new), new SecureRandom(),
                    instanceId(), new TokenCounter(), observability, webhooks);
            ModelPrices prices = prices(config.providerPolicy());
            List<ModelProvider> providers = providers(config, parts, builder.providers);
            MetricsWiring metrics = MetricsWiring.of(config.metrics(), providers, prices.models());
            started.push(metrics);
            metrics.bind(database, parts.clock());
            // measured, then traced: the span of a provider call covers what the metrics time
            ModelRouter router = router(config, metrics.metered(providers).stream().map(observability::provider)
                    .toList());
            QueueDispatcher workers = workers(config, parts, builder.workerThreads);
            Core core = Core.wire(observability.stores(stores(database, metrics.metered(database.executionQueue())),
                    databaseSystem(config, builder)), ports(config, database, router, parts, metrics),
                    settings(config, parts, prices), workers, webhooks(config, database, parts));
            Provisioned provisioned = provision(config, core, database);
            // closed in the reverse order: the workers, then the heartbeat, retention, the webhook sender and the
            // database
            config.persistence().retention().ifPresent(age ->
                    started.push(database.startRetention(age, RETENTION_INTERVAL, parts.clock())));
            started.push(InstanceHeartbeat.start(database.instances(), parts.instance(), parts.clock(),
                    lease(config).dividedBy(3)));
            // executions left queued by earlier runs are claimed at once; ones left running are reclaimed when
            // their leases expire
            started.push(stopping(workers.start(core.queueWorker())));
            LOG.info("Workers of instance {} take async executions from the shared queue", workers.owner());
            started.push(WebhookDispatcher.start(core.webhookDelivery(), config.webhookDelivery().workers(),
                    config.webhookDelivery().pollInterval(), WORKER_GRACE));
            HttpSettings httpSettings = httpSettings(config);
            HttpRoutes routes = new HttpRoutes(core.useCases(), httpSettings, observability.requests(),
                    metrics.http());
            Optional<ConsoleRoutes> console = builder.serveHttp && config.console().enabled()
                    ? Optional.of(console(config, core, database, started)) : Optional.empty();
            Optional<HttpApi> http = builder.serveHttp ? Optional.of(new HttpApi(routes, console, httpSettings))
                    : Optional.empty();
            OptionalInt port = http.isPresent() ? OptionalInt.of(http.get().start()) : OptionalInt.empty();
            return new PromptEngine(core, routes, http, port, provisioned, started);
        } catch (RuntimeException e) {
            try {
                closeAll(started);
            } catch (RuntimeException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        }
    }

    /**
     * The console on the server's own port, its sessions in the database; their expired rows are purged every
     * {@link #RETENTION_INTERVAL} until {@code started} is closed.
     */
    private static ConsoleRoutes console(Config config, Core core, Database database, Deque<AutoCloseable> started) {
        ConsoleSessionUseCases sessions = core.consoleSessions(database.consoleSessions(),
                config.console().sessions());
        started.push(ConsoleSessionPurge.start(sessions, RETENTION_INTERVAL));
        return new ConsoleRoutes(core.useCases(), sessions);
    }

    /**
     * What every step shares: time, ids, randomness, this process's name, the one token counter (the local
     * provider's, and the core's estimate of a stopped stream), the traces and log context, and the one sender of
     * webhook requests (within the outbound rules of {@code PE_WEBHOOK_ALLOW_HTTP} and {@code PE_WEBHOOK_ALLOW_HOSTS}).
     */
    private record Parts(Clock clock, IdGenerator ids, SecureRandom random, String instance, TokenCounter tokens,
            Observability observability, WebhookSender webhooks) {
    }

    /** The keys this start generated, to be shown once. */
    private record Provisioned(Optional<String> demoKey, Optional<String> operatorKey) {
    }

    /** The host's data source, or a pool of our own on the configured URL; the schema is migrated either way. */
    private static Database database(Config config, Optional<DataSource> hostOwned) {
        return hostOwned.map(Database::over).orElseGet(() -> new Database(config.dbUrl(),
                config.dbUser().orElse(""), config.dbPassword().orElse(""), config.dbPoolSize(),
                config.persistence().connectionTimeout()));
    }

    /**
     * The configured providers, each remote one behind a circuit breaker (local cannot be down), then the host's
     * own as they are. Providers made by the kinds of the providers file ({@code ModelProviderFactory}, found on
     * the class path or given to the builder) join the remote ones here.
     */
    private static List<ModelProvider> providers(Config config, Parts parts, List<ModelProvider> hostProviders) {
        Config.ProviderPolicy policy = config.providerPolicy();
        Clock clock = parts.clock();
        TokenCounter tokens = parts.tokens();
        warmUp(tokens);
        List<ModelProvider> remote = new ArrayList<>();
        config.anthropicApiKey().ifPresent(key ->
                remote.add(new AnthropicModelProvider(config.anthropicBaseUrl(), key, clock)));
        remote.addAll(openAiProviders(config.openAi(), clock));
        policy.providersFile().forEach(entry -> remote.add(entry.provider(clock)));
        List<ModelProvider> providers = new ArrayList<>();
        providers.add(new LocalModelProvider(tokens, clock));
        CircuitBreakingModelProvider.Settings breaker =
                CircuitBreakingModelProvider.Settings.withOpenFor(policy.breakerOpenFor());
        remote.forEach(provider -> providers.add(new CircuitBreakingModelProvider(provider, breaker, clock)));
        providers.addAll(hostProviders);
        return providers;
    }

    /** {@code providers} routed by name and by the model prefixes of the providers file. */
    private static ModelRouter router(Config config, List<ModelProvider> providers) {
        Config.ProviderPolicy policy = config.providerPolicy();
        Map<String, String> modelPrefixes = new HashMap<>();
        policy.providersFile().forEach(entry -> entry.modelPrefixes()
                .forEach(prefix -> modelPrefixes.put(prefix, entry.name())));
        return new ProviderRouter(providers, modelPrefixes);
    }

    /** This instance's async workers, on the host's executor when it gave one; they start once the core is built. */
    private static QueueDispatcher workers(Config config, Parts parts, Optional<ExecutorService> hostThreads) {
        return new QueueDispatcher(parts.instance(), config.workers(), Duration.ofMillis(config.queuePollMillis()),
                lease(config).dividedBy(3), hostThreads, parts.observability()::worker);
    }

    /**
     * The host's webhook sender, or the engine's own Jetty client with the configured outbound rules, started when
     * it is first used and pushed onto {@code started} so that it is closed after the workers that send through it.
     */
    private static WebhookSender webhookSender(Config config, Builder builder, Clock clock,
            Deque<AutoCloseable> started) {
        if (builder.webhookSender.isPresent()) {
            return builder.webhookSender.get();
        }
        LazyWebhookSender<JettyWebhookSender> own = WebhookTransport.startOnFirstUse(config.webhooks(), clock);
        started.push(own);
        return own;
    }

    /**
     * Webhook endpoints and their outbox in the database, sent through the one sender; event bodies rendered as the
     * HTTP API renders executions.
     */
    private static Core.Webhooks webhooks(Config config, Database database, Parts parts) {
        Config.WebhookDelivery settings = config.webhookDelivery();
        return new Core.Webhooks(database.webhooks(), database.webhookOutbox(), parts.webhooks(),
                new HttpWebhookPayloads(), new WebhookDeliveryWorker.Settings(settings.retrySchedule(), WEBHOOK_LEASE,
                        WEBHOOK_BATCH, settings.disableAfter()));
    }

    /** The database as tracing's {@code db.system.name} names it; a host's own data source as {@code other_sql}. */
    private static String databaseSystem(Config config, Builder builder) {
        if (builder.dataSource.isPresent()) {
            return "other_sql";
        }
        return config.dbUrl().regionMatches(true, 0, "jdbc:postgresql:", 0, 16) ? "postgresql" : "h2database";
    }

    /** Every store of the core, over the one database. */
    static Core.Stores stores(Database database) {
        return stores(database, database.executionQueue());
    }

    /** Every store of the core, with {@code queue} for the database's own (the same queue, measured). */
    private static Core.Stores stores(Database database, ExecutionQueue queue) {
        return new Core.Stores(database.executions(), queue, database.tenants(),
                database.apiKeys(), database.plans(), database.operatorKey(), database.endpoints(), database.prompts(),
                database.conversations(), database.idempotencyKeys(), database.instances(), database.usageReports(),
                database.monthlyTokenUsage(), database.auditEvents(), List.of(database.healthCheck()));
    }

    /**
     * The other driven ports. One instance counts limits in its memory; several on one database share the counts
     * in it. Answers are cached in this instance's memory, behind a port so that a shared cache can replace it.
     * Definitions are checked when saved, and calls rendered and checked, by the JSON Schema and Mustache adapters.
     */
    private static Core.Ports ports(Config config, Database database, ModelRouter router, Parts parts,
            MetricsWiring metrics) {
        boolean sharedLimits = config.persistence().rateLimiter() == Config.RateLimiterStore.DATABASE;
        RateLimiter rateLimiter = sharedLimits ? database.sharedRateLimiter() : new InMemoryRateLimiter();
        TokenMeter tokenMeter = sharedLimits ? database.sharedTokenMeter() : new InMemoryTokenMeter();
        return new Core.Ports(router, rateLimiter, tokenMeter, new CaffeineResponseCache(config.caching().maxBytes()),
                new JsonSchemaValidator(), new MustacheTemplateRenderer(), parts.clock(), parts.ids(), parts.random(),
                parts.tokens(), metrics.port(), parts.observability().work());
    }

    private static Core.Settings settings(Config config, Parts parts, ModelPrices prices) {
        Config.ProviderPolicy policy = config.providerPolicy();
        ModelCallPolicy calls = new ModelCallPolicy(policy.maxAttempts(), policy.retryBase(), policy.retryMax(),
                PromptEngine::sleep, () -> ThreadLocalRandom.current().nextDouble(), prices);
        return new Core.Settings(EXECUTION_TIMEOUT, calls, config.caching().responseTtl(),
                config.caching().idempotencyTtl(), new QueueWorker.Settings(lease(config), config.maxAttempts()),
                parts.instance());
    }

    /** The operator key, the demo tenant on its configured plan, and the demo endpoint; before anything serves. */
    private static Provisioned provision(Config config, Core core, Database database) {
        Plan demoPlan = Plan.builtIn(config.demoPlan()).or(() -> database.plans().find(config.demoPlan()))
                .orElseThrow(() -> new Config.InvalidConfigException("PE_DEMO_PLAN must name a plan (free, pro, "
                        + "enterprise, or one an operator created), not '" + config.demoPlan() + "'"));
        ProvisioningUseCases provisioning = core.provisioning(demoPlan);
        Optional<String> demoKey = provisioning.demo().provisionDemo(config.demoKey());
        provisioning.demoEndpoint().provisionDemoEndpoint();
        Optional<String> operatorKey = provisioning.operatorKey().provisionOperatorKey(config.adminKey());
        return new Provisioned(demoKey, operatorKey);
    }

    /** The stand-alone server's settings; of these the body limit and the base domain apply to a mount too. */
    private static HttpSettings httpSettings(Config config) {
        return HttpSettings.defaults()
                .withHost(config.bindHost())
                .withPort(config.port())
                .withMaxBodyBytes(config.maxBodyBytes())
                .withVirtualThreads(Threads.virtualThreadsAvailable())
                .withBaseDomain(config.baseDomain())
                .withConnections(config.connections());
    }

    private static Duration lease(Config config) {
        return Duration.ofSeconds(config.leaseSeconds());
    }

    /** The workers as something to close: a stop with the grace period running executions get. */
    private static AutoCloseable stopping(QueueDispatcher workers) {
        return () -> {
            try {
                workers.shutdown(WORKER_GRACE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /**
     * Closes each of {@code resources}, last pushed first; one that fails does not keep the others open. The first
     * failure is rethrown once all were tried.
     */
    private static void closeAll(Deque<AutoCloseable> resources) {
        RuntimeException failure = null;
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * This process's name on the leases and idempotency keys it holds and in its heartbeats: unique per start, so a
     * restarted process never mistakes its predecessor's claims for its own, and readable in the database.
     */
    private static String instanceId() {
        return "pe-" + ProcessHandle.current().pid() + "-" + Long.toHexString(new SecureRandom().nextLong() >>> 16);
    }

    /** The built-in prices, under those of the providers file, under those of {@code PE_PRICES_FILE}. */
    private static ModelPrices prices(Config.ProviderPolicy policy) {
        Map<String, Map<String, PriceList.Price>> fromProvidersFile = new HashMap<>();
        policy.providersFile().forEach(entry -> fromProvidersFile.put(entry.name(), entry.prices()));
        try {
            return ModelPrices.of(fromProvidersFile, policy.pricesFile());
        } catch (IllegalArgumentException e) {
            throw new Config.InvalidConfigException("PE_PRICES_FILE: " + e.getMessage());
        }
    }

    /** The wait between retries of a model call; an interrupted worker stops waiting. */
    private static void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }

    /** {@code openai}, {@code ollama} and {@code azure}, each when its variables are set. */
    private static List<ModelProvider> openAiProviders(Config.OpenAiServers servers, Clock clock) {
        List<ModelProvider> providers = new ArrayList<>();
        if (servers.openAiConfigured()) {
            providers.add(OpenAiModelProvider.openAi(servers.baseUrl().orElse(OpenAiModelProvider.DEFAULT_BASE_URL),
                    servers.apiKey(), clock));
        }
        servers.ollamaBaseUrl().ifPresent(url -> providers.add(
                OpenAiModelProvider.compatible("ollama", url, Optional.empty(), clock)));
        servers.azure().ifPresent(azure -> providers.add(
                OpenAiModelProvider.azure(azure.endpoint(), azure.apiVersion(), azure.apiKey(), clock)));
        return providers;
    }

    /** The token vocabulary takes about half a second to load; load it off the start-up path. */
    private static void warmUp(TokenCounter tokens) {
        Thread thread = new Thread(() -> tokens.count("warm up"), "pe-token-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * How to start a {@link PromptEngine}. Settings come first from the configuration: none by default (the
     * defaults of {@code java -jar}), the process's environment with {@link #environment()}, or a map of the same
     * variable names with {@link #settings(Map)}, so that every setting the README documents can be given the same
     * way. The typed methods set a setting over whatever the configuration says. A malformed setting stops
     * {@link #start()} with an {@link IllegalArgumentException} that names the variable.
     *
     * <p>What is not a setting the host passes as an object: a {@link DataSource}, its own {@link ModelProvider}s
     * and provider kinds ({@link ModelProviderFactory}), a {@link Clock}, an {@link IdGenerator}, an
     * {@link ExecutorService} for the async workers. The engine uses them and never closes or shuts them down.
     */
    public static final class Builder {

        /** The configuration beneath the settings: empty (defaults), or the process's environment. */
        private Function<String, Optional<String>> base = name -> Optional.empty();
        private final Map<String, String> settings = new HashMap<>();
        private Optional<DataSource> dataSource = Optional.empty();
        private final List<ModelProvider> providers = new ArrayList<>();
        private final List<ModelProviderFactory> providerKinds = new ArrayList<>();
        private Optional<Clock> clock = Optional.empty();
        private Optional<IdGenerator> ids = Optional.empty();
        private Optional<ExecutorService> workerThreads = Optional.empty();
        private boolean serveHttp = true;
        private Optional<WebhookSender> webhookSender = Optional.empty();

        private Builder() {
        }

        /**
         * What sends webhook deliveries, and decides which URLs they may go to, in place of the engine's own client
         * (with the rules of {@code PE_WEBHOOK_ALLOW_HTTP} and {@code PE_WEBHOOK_ALLOW_HOSTS}); the engine never
         * closes it.
         */
        public Builder webhookSender(WebhookSender sender) {
            webhookSender = Optional.of(Objects.requireNonNull(sender, "sender"));
            return this;
        }

        /**
         * Reads the configuration from the process: a JVM system property wins over the environment variable of the
         * same name, as for {@code java -jar}. Settings given on this builder win over both.
         */
        public Builder environment() {
            base = name -> Optional.ofNullable(System.getProperty(name))
                    .or(() -> Optional.ofNullable(System.getenv(name)));
            return this;
        }

        /**
         * Settings by their environment-variable names ({@code PE_PORT}, {@code PE_DB_URL},
         * {@code PE_PROVIDERS_FILE}, {@code OPENAI_API_KEY}, …), over the configuration; later calls win.
         */
        public Builder settings(Map<String, String> settings) {
            settings.forEach(this::setting);
            return this;
        }

        private Builder setting(String name, String value) {
            settings.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** The database at {@code jdbcUrl}, in a pool of the engine's own ({@code PE_DB_URL}, user and password). */
        public Builder database(String jdbcUrl, String user, String password) {
            dataSource = Optional.empty();
            return setting("PE_DB_URL", jdbcUrl).setting("PE_DB_USER", user).setting("PE_DB_PASSWORD", password);
        }

        /**
         * The pool of {@link #database}: at most {@code size} connections ({@code PE_DB_POOL_SIZE}), and how long a
         * request waits for one before it is answered as unavailable ({@code PE_DB_CONNECTION_TIMEOUT}).
         */
        public Builder pool(int size, Duration connectionTimeout) {
            return setting("PE_DB_POOL_SIZE", Integer.toString(size))
                    .setting("PE_DB_CONNECTION_TIMEOUT", connectionTimeout.toMillis() + "ms");
        }

        /**
         * The host's own data source in place of a URL; the engine migrates the schema on it and never closes it.
         * An H2 one must be opened with the settings {@link Database#h2Url(String)} adds. The pool settings do not
         * apply to it, and limits are counted in this instance's memory unless {@code PE_RATE_LIMITER} is
         * {@code database} (as several instances sharing a PostgreSQL database need).
         */
        public Builder dataSource(DataSource hostOwned) {
            dataSource = Optional.of(Objects.requireNonNull(hostOwned, "hostOwned"));
            return this;
        }

        /**
         * A provider of the host's, beside the configured ones ({@code local}, those of the environment and of
         * {@code PE_PROVIDERS_FILE}); models are routed to it by its name ({@code name/model}) and by the models
         * it says it serves.
         */
        public Builder provider(ModelProvider provider) {
            providers.add(Objects.requireNonNull(provider, "provider"));
            return this;
        }

        /**
         * A provider kind of the host's, beside the built-in ones and those a {@link java.util.ServiceLoader} finds
         * on the class path: entries of {@code PE_PROVIDERS_FILE} with its {@code "kind"} are made by it, their
         * settings checked when {@link #start()} reads the file. A kind may be registered once.
         */
        public Builder providerKind(ModelProviderFactory factory) {
            providerKinds.add(Objects.requireNonNull(factory, "factory"));
            return this;
        }

        /** The clock of execution records, leases, limits and keys; the system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Optional.of(Objects.requireNonNull(clock, "clock"));
            return this;
        }

        /** How ids of tenants, keys, executions and definitions are made; random ones by default. */
        public Builder ids(IdGenerator ids) {
            this.ids = Optional.of(Objects.requireNonNull(ids, "ids"));
            return this;
        }

        /**
         * The host's executor for the async workers, in place of threads of the engine's own; the engine runs at
         * most {@code PE_WORKERS} executions on it at once and never shuts it down.
         */
        public Builder workerThreads(ExecutorService hostOwned) {
            workerThreads = Optional.of(Objects.requireNonNull(hostOwned, "hostOwned"));
            return this;
        }

        /** Serve the HTTP API on {@code host}:{@code port} ({@code PE_HOST}, {@code PE_PORT}; 0 for a free port). */
        public Builder http(String host, int port) {
            serveHttp = true;
            return setting("PE_HOST", host).setting("PE_PORT", Integer.toString(port));
        }

        /** Serve no HTTP at all: the host calls the {@link PromptEngine#useCases()} only. */
        public Builder withoutHttp() {
            serveHttp = false;
            return this;
        }

        /** The operator key for {@code /v1/admin} ({@code PE_ADMIN_KEY}); one is generated on a first start without. */
        public Builder operatorKey(String secret) {
            return setting("PE_ADMIN_KEY", secret);
        }

        /** The demo tenant's key ({@code PE_DEMO_KEY}); one is generated when the demo tenant is first created. */
        public Builder demoKey(String secret) {
            return setting("PE_DEMO_KEY", secret);
        }

        /** The plan of the demo tenant when it is first created ({@code PE_DEMO_PLAN}); {@code free} by default. */
        public Builder demoPlan(String plan) {
            return setting("PE_DEMO_PLAN", plan);
        }

        /**
         * Wires and starts the engine: migrates the database, provisions the keys and the demo tenant, starts the
         * workers and, unless {@link #withoutHttp()}, serves HTTP.
         *
         * @throws IllegalArgumentException when a setting is malformed; the message names it
         */
        public PromptEngine start() {
            return PromptEngine.start(this);
        }

        /** The configuration with this builder's settings over it, checked. */
        Config config() {
            Map<String, String> given = Map.copyOf(settings);
            Function<String, Optional<String>> under = base;
            ProviderKinds kinds;
            try {
                kinds = ProviderKinds.discovered().with(providerKinds);
            } catch (IllegalArgumentException e) {
                throw new Config.InvalidConfigException("provider kinds: " + e.getMessage());
            }
            return Config.from(name -> Optional.ofNullable(given.get(name)).or(() -> under.apply(name)), kinds);
        }

    }
}
