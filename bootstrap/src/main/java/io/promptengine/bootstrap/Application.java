package io.promptengine.bootstrap;

import io.promptengine.adapters.http.HttpApi;
import io.promptengine.adapters.http.HttpSettings;
import io.promptengine.adapters.llm.CircuitBreakingModelProvider;
import io.promptengine.adapters.llm.ModelPrices;
import io.promptengine.adapters.llm.ProviderRouter;
import io.promptengine.adapters.llm.TokenCounter;
import io.promptengine.adapters.llm.anthropic.AnthropicModelProvider;
import io.promptengine.adapters.llm.local.LocalModelProvider;
import io.promptengine.adapters.llm.openai.OpenAiModelProvider;
import io.promptengine.adapters.llm.schema.JsonSchemaValidator;
import io.promptengine.adapters.llm.template.MustacheTemplateRenderer;
import io.promptengine.adapters.persistence.CaffeineResponseCache;
import io.promptengine.adapters.persistence.Database;
import io.promptengine.adapters.persistence.ExecutionRetention;
import io.promptengine.adapters.persistence.InMemoryRateLimiter;
import io.promptengine.adapters.persistence.InMemoryTokenMeter;
import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.application.port.out.ModelRouter;
import io.promptengine.application.port.out.PriceList;
import io.promptengine.application.port.out.PlanStore;
import io.promptengine.application.port.out.RateLimiter;
import io.promptengine.application.port.out.SchemaValidator;
import io.promptengine.application.port.out.TemplateRenderer;
import io.promptengine.application.port.out.TokenMeter;
import io.promptengine.application.service.AdmissionService;
import io.promptengine.application.service.AuthenticationService;
import io.promptengine.application.service.CallEndpointService;
import io.promptengine.application.service.CancelExecutionService;
import io.promptengine.application.service.DemoEndpointService;
import io.promptengine.application.service.DemoProvisioningService;
import io.promptengine.application.service.EndpointService;
import io.promptengine.application.service.ExecutePromptService;
import io.promptengine.application.service.ExecutionQueryService;
import io.promptengine.application.service.ExecutionRunner;
import io.promptengine.application.service.IdempotencyService;
import io.promptengine.application.service.ModelCallPolicy;
import io.promptengine.application.service.OperatorKeyService;
import io.promptengine.application.service.PromptComposer;
import io.promptengine.application.service.PromptService;
import io.promptengine.application.service.ReadinessService;
import io.promptengine.application.service.QueueWorker;
import io.promptengine.application.service.ResponseCaching;
import io.promptengine.application.service.RunStoredPromptService;
import io.promptengine.application.service.TestPromptVersionService;
import io.promptengine.application.service.TokenAccounting;
import io.promptengine.application.service.UsageReportService;
import io.promptengine.domain.ratelimit.Plan;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: every adapter and service is built here with {@code new}, in dependency order, and
 * nowhere else. {@link #start} returns a serving instance; {@link #close} drains it.
 */
final class Application implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Application.class);
    static final Duration EXECUTION_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration WORKER_GRACE = Duration.ofSeconds(10);
    /** How often each instance looks for executions past the retention age. */
    private static final Duration RETENTION_INTERVAL = Duration.ofMinutes(10);

    private final Database database;
    private final Optional<ExecutionRetention> retention;
    private final InstanceHeartbeat heartbeat;
    private final QueueDispatcher workers;
    private final ReadinessService readiness;
    private final HttpApi http;
    private final int port;
    private final Optional<String> generatedDemoKey;
    private final Optional<String> generatedOperatorKey;
    private boolean closed;

    private Application(Database database, Optional<ExecutionRetention> retention, InstanceHeartbeat heartbeat,
            QueueDispatcher workers, ReadinessService readiness, HttpApi http, int port,
            Optional<String> generatedDemoKey, Optional<String> generatedOperatorKey) {
        this.database = database;
        this.retention = retention;
        this.heartbeat = heartbeat;
        this.workers = workers;
        this.readiness = readiness;
        this.http = http;
        this.port = port;
        this.generatedDemoKey = generatedDemoKey;
        this.generatedOperatorKey = generatedOperatorKey;
    }

    static Application start(Config config) {
        return start(config, List.of());
    }

    /**
     * @param extraProviders providers beyond the configured ones; tests use this to plug in a stub provider
     */
    static Application start(Config config, List<ModelProvider> extraProviders) {
        SystemClock clock = new SystemClock();
        RandomIdGenerator ids = new RandomIdGenerator();
        SecureRandom random = new SecureRandom();
        TokenCounter tokens = new TokenCounter();
        warmUp(tokens);

        Database database = new Database(config.dbUrl(), config.dbUser().orElse(""),
                config.dbPassword().orElse(""), config.dbPoolSize(), config.persistence().connectionTimeout());
        Optional<ExecutionRetention> retention = Optional.empty();
        Optional<InstanceHeartbeat> heartbeat = Optional.empty();
        try {
            Config.ProviderPolicy policy = config.providerPolicy();
            List<ModelProvider> remote = new ArrayList<>();
            config.anthropicApiKey().ifPresent(key ->
                    remote.add(new AnthropicModelProvider(config.anthropicBaseUrl(), key, clock)));
            remote.addAll(openAiProviders(config.openAi(), clock));
            policy.providersFile().forEach(entry -> remote.add(entry.provider(clock)));
            List<ModelProvider> providers = new ArrayList<>();
            providers.add(new LocalModelProvider(tokens, clock));
            // each remote provider fails fast while it is down; local cannot be down
            CircuitBreakingModelProvider.Settings breaker =
                    CircuitBreakingModelProvider.Settings.withOpenFor(policy.breakerOpenFor());
            remote.forEach(provider -> providers.add(new CircuitBreakingModelProvider(provider, breaker, clock)));
            providers.addAll(extraProviders);
            Map<String, String> modelPrefixes = new HashMap<>();
            policy.providersFile().forEach(entry -> entry.modelPrefixes()
                    .forEach(prefix -> modelPrefixes.put(prefix, entry.name())));
            ModelRouter router = new ProviderRouter(providers, modelPrefixes);

            PlanStore plans = database.plans();
            // one instance counts limits in its memory; several on one database share the counts in it
            boolean sharedLimits = config.persistence().rateLimiter() == Config.RateLimiterStore.DATABASE;
            RateLimiter rateLimiter = sharedLimits ? database.sharedRateLimiter() : new InMemoryRateLimiter();
            TokenMeter tokenMeter = sharedLimits ? database.sharedTokenMeter() : new InMemoryTokenMeter();
            TokenAccounting tokenAccounting = new TokenAccounting(tokenMeter, database.monthlyTokenUsage());
            // stored prompts: definitions are checked when saved, and calls rendered and checked, through these adapters
            SchemaValidator schemas = new JsonSchemaValidator();
            TemplateRenderer templates = new MustacheTemplateRenderer();
            PromptComposer composer = new PromptComposer(database.prompts(), database.endpoints(),
                    database.conversations(), templates, EXECUTION_TIMEOUT);
            ModelCallPolicy calls = new ModelCallPolicy(policy.maxAttempts(), policy.retryBase(), policy.retryMax(),
                    Application::sleep, () -> ThreadLocalRandom.current().nextDouble(), prices(policy));
            ExecutionRunner runner = new ExecutionRunner(router, database.executions(), composer, schemas, clock,
                    tokenAccounting, calls);
            // answers cached in this instance's memory; the store sits behind a port so a shared one can replace it
            ResponseCaching caching = new ResponseCaching(new CaffeineResponseCache(config.caching().maxBytes()),
                    runner, database.executions(), clock);
            ExecutionQueryService queries = new ExecutionQueryService(database.executions());
            Duration lease = Duration.ofSeconds(config.leaseSeconds());
            String instance = instanceId(random);
            QueueWorker queueWorker = new QueueWorker(database.executionQueue(), runner, clock,
                    new QueueWorker.Settings(lease, config.maxAttempts()));
            QueueDispatcher workers = new QueueDispatcher(queueWorker, instance, config.workers(),
                    Duration.ofMillis(config.queuePollMillis()), lease.dividedBy(3));
            ReadinessService readiness = new ReadinessService(List.of(database.healthCheck()));
            ManagementServices management = ManagementServices.over(database, clock, ids, random);
            OperatorKeyService operatorKey = new OperatorKeyService(database.operatorKey(), database.apiKeys(), clock,
                    random);
            EndpointService endpoints = new EndpointService(database.endpoints(), database.prompts(), schemas,
                    templates, router, ids, clock);
            PromptService prompts = new PromptService(database.prompts(), database.endpoints(), schemas, templates,
                    router, ids, clock);
            HttpApi.UseCases useCases = new HttpApi.UseCases(
                    new AuthenticationService(database.apiKeys(), database.tenants(), clock),
                    new ExecutePromptService(router, database.executions(), runner, workers, ids, clock, caching,
                            config.caching().responseTtl()),
                    queries,
                    queries,
                    new CancelExecutionService(database.executions(), workers, clock),
                    readiness,
                    new AdmissionService(rateLimiter, plans, tokenAccounting, clock),
                    operatorKey,
                    management.tenants(),
                    management.plans(),
                    management.apiKeys(),
                    new CallEndpointService(database.tenants(), database.endpoints(), database.prompts(), router,
                            schemas, runner, ids, clock, caching),
                    new RunStoredPromptService(database.prompts(), database.conversations(), router, schemas, runner,
                            ids, clock),
                    new TestPromptVersionService(database.endpoints(), database.prompts(), router, schemas, runner,
                            ids, clock),
                    endpoints,
                    prompts,
                    // an instance silent for a lease is gone, for its idempotency keys as for its executions
                    new IdempotencyService(database.idempotencyKeys(), database.executions(), database.instances(),
                            clock, new IdempotencyService.Settings(config.caching().idempotencyTtl(), instance,
                                    lease)),
                    new UsageReportService(database.usageReports(), clock));

            Plan demoPlan = Plan.builtIn(config.demoPlan()).or(() -> plans.find(config.demoPlan()))
                    .orElseThrow(() -> new Config.InvalidConfigException("PE_DEMO_PLAN must name a plan (free, pro, "
                            + "enterprise, or one an operator created), not '" + config.demoPlan() + "'"));
            Optional<String> demoKey = new DemoProvisioningService(database.tenants(), database.apiKeys(), ids, clock,
                    random, demoPlan).provisionDemo(config.demoKey());
            new DemoEndpointService(database.tenants(), database.endpoints(), database.prompts(), schemas, templates,
                    router, ids, clock).provisionDemoEndpoint();
            Optional<String> generatedOperatorKey = operatorKey.provisionOperatorKey(config.adminKey());
            heartbeat = Optional.of(InstanceHeartbeat.start(database.instances(), instance, clock,
                    lease.dividedBy(3)));
            // executions left queued by earlier runs are claimed at once; ones left running are reclaimed when
            // their leases expire
            workers.start();
            LOG.info("Workers of instance {} take async executions from the shared queue", workers.owner());

            retention = config.persistence().retention().map(age ->
                    database.startRetention(age, RETENTION_INTERVAL, clock));

            HttpApi http = new HttpApi(useCases, HttpSettings.defaults()
                    .withHost(config.bindHost())
                    .withPort(config.port())
                    .withMaxBodyBytes(config.maxBodyBytes())
                    .withVirtualThreads(Threads.virtualThreadsAvailable())
                    .withBaseDomain(config.baseDomain())
                    .withConnections(config.connections()));
            int port;
            try {
                port = http.start();
            } catch (RuntimeException e) {
                stop(workers);
                throw e;
            }
            return new Application(database, retention, heartbeat.get(), workers, readiness, http, port, demoKey,
                    generatedOperatorKey);
        } catch (RuntimeException e) {
            heartbeat.ifPresent(InstanceHeartbeat::close);
            retention.ifPresent(ExecutionRetention::close);
            database.close();
            throw e;
        }
    }

    int port() {
        return port;
    }

    /** The demo tenant's key when this start created it; shown once, never stored in clear. */
    Optional<String> generatedDemoKey() {
        return generatedDemoKey;
    }

    /** The operator key when this start generated it (no {@code PE_ADMIN_KEY}, first start); shown once. */
    Optional<String> generatedOperatorKey() {
        return generatedOperatorKey;
    }

    /**
     * Graceful stop: report not ready, let in-flight requests finish, stop claiming async work (what waits stays
     * queued for another instance or the next start), give running executions a grace period and put the ones
     * still running back in the queue, close the database.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        readiness.markStopping();
        http.stop();
        stop(workers);
        // no request of this instance holds an idempotency key any more: other instances may take them at once
        heartbeat.close();
        retention.ifPresent(ExecutionRetention::close);
        database.close();
    }

    private static void stop(QueueDispatcher workers) {
        try {
            workers.shutdown(WORKER_GRACE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * This process's name on the leases and idempotency keys it holds and in its heartbeats: unique per start, so a
     * restarted process never mistakes its predecessor's claims for its own, and readable in the database.
     */
    private static String instanceId(SecureRandom random) {
        return "pe-" + ProcessHandle.current().pid() + "-" + Long.toHexString(random.nextLong() >>> 16);
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
    private static List<ModelProvider> openAiProviders(Config.OpenAiServers servers, SystemClock clock) {
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
}
