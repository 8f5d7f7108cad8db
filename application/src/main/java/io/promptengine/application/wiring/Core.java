package io.promptengine.application.wiring;

import io.promptengine.application.port.in.AccessUseCases;
import io.promptengine.application.port.in.ConsoleSessionUseCases;
import io.promptengine.application.port.in.AdministrationUseCases;
import io.promptengine.application.port.in.ExecutionUseCases;
import io.promptengine.application.port.in.ProvisioningUseCases;
import io.promptengine.application.port.in.StoredPromptUseCases;
import io.promptengine.application.port.in.UseCases;
import io.promptengine.application.port.out.ApiKeyStore;
import io.promptengine.application.port.out.AuditEventStore;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.ConsoleSessionStore;
import io.promptengine.application.port.out.ConversationStore;
import io.promptengine.application.port.out.EndpointStore;
import io.promptengine.application.port.out.ExecutionQueue;
import io.promptengine.application.port.out.ExecutionStore;
import io.promptengine.application.port.out.HealthCheck;
import io.promptengine.application.port.out.IdGenerator;
import io.promptengine.application.port.out.IdempotencyStore;
import io.promptengine.application.port.out.InstanceRegistry;
import io.promptengine.application.port.out.Metrics;
import io.promptengine.application.port.out.ModelRouter;
import io.promptengine.application.port.out.MonthlyTokenUsage;
import io.promptengine.application.port.out.NoMetrics;
import io.promptengine.application.port.out.OperatorKeyStore;
import io.promptengine.application.port.out.PlanStore;
import io.promptengine.application.port.out.PromptStore;
import io.promptengine.application.port.out.RateLimiter;
import io.promptengine.application.port.out.ResponseCache;
import io.promptengine.application.port.out.SchemaValidator;
import io.promptengine.application.port.out.TemplateRenderer;
import io.promptengine.application.port.out.TenantStore;
import io.promptengine.application.port.out.TokenEstimator;
import io.promptengine.application.port.out.TokenMeter;
import io.promptengine.application.port.out.UsageReports;
import io.promptengine.application.port.out.WebhookOutbox;
import io.promptengine.application.port.out.WebhookPayloads;
import io.promptengine.application.port.out.WebhookSender;
import io.promptengine.application.port.out.WebhookStore;
import io.promptengine.application.port.out.WorkContext;
import io.promptengine.application.port.out.WorkerPool;
import io.promptengine.application.service.AdmissionService;
import io.promptengine.application.service.ApiKeyService;
import io.promptengine.application.service.AuditEventService;
import io.promptengine.application.service.AuditTrail;
import io.promptengine.application.service.AuthenticationService;
import io.promptengine.application.service.CallEndpointService;
import io.promptengine.application.service.CancelExecutionService;
import io.promptengine.application.service.ConsoleSessionService;
import io.promptengine.application.service.DefinitionChecks;
import io.promptengine.application.service.DemoEndpointService;
import io.promptengine.application.service.DemoProvisioningService;
import io.promptengine.application.service.EndpointService;
import io.promptengine.application.service.ExecutePromptService;
import io.promptengine.application.service.ExecutionQueryService;
import io.promptengine.application.service.ExecutionRunner;
import io.promptengine.application.service.IdempotencyService;
import io.promptengine.application.service.KeyIssuer;
import io.promptengine.application.service.ModelCallPolicy;
import io.promptengine.application.service.OperatorKeyService;
import io.promptengine.application.service.PlanService;
import io.promptengine.application.service.PromptComposer;
import io.promptengine.application.service.PromptService;
import io.promptengine.application.service.QueueWorker;
import io.promptengine.application.service.ReadinessService;
import io.promptengine.application.service.ResponseCaching;
import io.promptengine.application.service.RunStoredPromptService;
import io.promptengine.application.service.StoredPromptRuns;
import io.promptengine.application.service.TenantService;
import io.promptengine.application.service.TestPromptVersionService;
import io.promptengine.application.service.TokenAccounting;
import io.promptengine.application.service.UsageReportService;
import io.promptengine.application.service.WebhookDeliveryWorker;
import io.promptengine.application.service.WebhookService;
import io.promptengine.domain.ratelimit.Plan;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The core of Prompt Engine wired over its driven ports: every service built once, in dependency order, each given
 * the collaborators it shares with others (one {@link StoredPromptRuns}, one {@link DefinitionChecks}, one
 * {@link KeyIssuer}) rather than making its own. The composition root of the server and the service tests both
 * build it, so the tests run the services exactly as they are wired to serve; neither repeats the wiring.
 *
 * <p>Surfaces take the grouped {@link #useCases()}; the composition root also takes what it drives itself: the
 * {@link #queueWorker()} its workers run, the {@link #readiness()} it marks as stopping, and the
 * {@link #provisioning} it runs before it serves.
 */
public final class Core {

    /**
     * What the core stores, and where: the persistence ports, all over one database in the server.
     *
     * @param executions the execution records
     * @param queue the async executions, as a queue that every instance on the database shares
     * @param auditEvents the audit trail, which the other stores write as they change
     * @param health what readiness checks (the database, in the server)
     */
    public record Stores(
            ExecutionStore executions,
            ExecutionQueue queue,
            TenantStore tenants,
            ApiKeyStore apiKeys,
            PlanStore plans,
            OperatorKeyStore operatorKey,
            EndpointStore endpoints,
            PromptStore prompts,
            ConversationStore conversations,
            IdempotencyStore idempotencyKeys,
            InstanceRegistry instances,
            UsageReports usageReports,
            MonthlyTokenUsage monthlyTokenUsage,
            AuditEventStore auditEvents,
            List<HealthCheck> health) {

        public Stores {
            Objects.requireNonNull(executions, "executions");
            Objects.requireNonNull(queue, "queue");
            Objects.requireNonNull(tenants, "tenants");
            Objects.requireNonNull(apiKeys, "apiKeys");
            Objects.requireNonNull(plans, "plans");
            Objects.requireNonNull(operatorKey, "operatorKey");
            Objects.requireNonNull(endpoints, "endpoints");
            Objects.requireNonNull(prompts, "prompts");
            Objects.requireNonNull(conversations, "conversations");
            Objects.requireNonNull(idempotencyKeys, "idempotencyKeys");
            Objects.requireNonNull(instances, "instances");
            Objects.requireNonNull(usageReports, "usageReports");
            Objects.requireNonNull(monthlyTokenUsage, "monthlyTokenUsage");
            Objects.requireNonNull(auditEvents, "auditEvents");
            health = List.copyOf(health);
        }
    }

    /**
     * The driven ports other than the stores: the models, the limits, the cache, the checkers of definitions, and
     * time, ids and randomness.
     *
     * @param router the configured providers, by model name
     * @param rateLimiter counts requests per minute (in memory, or shared in the database)
     * @param tokenMeter counts tokens per minute, alike
     * @param responseCache where cached answers are kept
     * @param random the source of new secrets (API keys, the operator key)
     * @param tokens the estimate of a streamed call's tokens when it stopped before the provider reported them
     * @param metrics what the services tell an operator's metrics; {@link NoMetrics} when there are none
     * @param work the trace a new execution records, and the logging context that names the execution it runs
     */
    public record Ports(
            ModelRouter router,
            RateLimiter rateLimiter,
            TokenMeter tokenMeter,
            ResponseCache responseCache,
            SchemaValidator schemas,
            TemplateRenderer templates,
            Clock clock,
            IdGenerator ids,
            SecureRandom random,
            TokenEstimator tokens,
            Metrics metrics,
            WorkContext work) {

        /**
         * The ports without metrics ({@link NoMetrics}) and without a trace or logging context, as a host that embeds
         * the core has them by default.
         */
        public Ports(ModelRouter router, RateLimiter rateLimiter, TokenMeter tokenMeter, ResponseCache responseCache,
                SchemaValidator schemas, TemplateRenderer templates, Clock clock, IdGenerator ids, SecureRandom random,
                TokenEstimator tokens) {
            this(router, rateLimiter, tokenMeter, responseCache, schemas, templates, clock, ids, random, tokens,
                    new NoMetrics(), WorkContext.NONE);
        }

        public Ports {
            Objects.requireNonNull(router, "router");
            Objects.requireNonNull(rateLimiter, "rateLimiter");
            Objects.requireNonNull(tokenMeter, "tokenMeter");
            Objects.requireNonNull(responseCache, "responseCache");
            Objects.requireNonNull(schemas, "schemas");
            Objects.requireNonNull(templates, "templates");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(ids, "ids");
            Objects.requireNonNull(random, "random");
            Objects.requireNonNull(tokens, "tokens");
            Objects.requireNonNull(metrics, "metrics");
            Objects.requireNonNull(work, "work");
        }
    }

    /**
     * How the core behaves, as configured.
     *
     * @param executionTimeout how long an execution may take when neither the request nor its endpoint says
     * @param calls how model calls are retried and priced
     * @param responseTtl how long the execute API's sync answers are cached; zero for not at all
     * @param idempotencyTtl how long an idempotency key stands for its first request
     * @param queue the lease of a claimed async execution, and how many times one is started before it fails
     * @param instance this process's name on the leases and idempotency keys it holds; unique per start
     */
    public record Settings(
            Duration executionTimeout,
            ModelCallPolicy calls,
            Duration responseTtl,
            Duration idempotencyTtl,
            QueueWorker.Settings queue,
            String instance) {

        public Settings {
            Objects.requireNonNull(executionTimeout, "executionTimeout");
            Objects.requireNonNull(calls, "calls");
            Objects.requireNonNull(responseTtl, "responseTtl");
            Objects.requireNonNull(idempotencyTtl, "idempotencyTtl");
            Objects.requireNonNull(queue, "queue");
            Objects.requireNonNull(instance, "instance");
        }

        /** These settings, with sync answers of the execute API cached for {@code ttl}. */
        public Settings withResponseTtl(Duration ttl) {
            return new Settings(executionTimeout, calls, ttl, idempotencyTtl, queue, instance);
        }
    }

    /**
     * What webhooks need: the endpoints and the outbox (over the execution store's database in the server, which
     * writes an execution's deliveries as it ends it), the sender that enforces the outbound rules, the renderer of
     * event bodies, and how deliveries are retried.
     */
    public record Webhooks(
            WebhookStore webhooks,
            WebhookOutbox outbox,
            WebhookSender sender,
            WebhookPayloads payloads,
            WebhookDeliveryWorker.Settings delivery) {

        public Webhooks {
            Objects.requireNonNull(webhooks, "webhooks");
            Objects.requireNonNull(outbox, "outbox");
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(payloads, "payloads");
            Objects.requireNonNull(delivery, "delivery");
        }
    }

    private final Stores stores;
    private final Ports ports;
    private final WebhookDeliveryWorker webhookDelivery;
    private final PromptComposer composer;
    private final ResponseCaching caching;
    private final QueueWorker queueWorker;
    private final ReadinessService readiness;
    private final OperatorKeyService operatorKey;
    private final DefinitionChecks checks;
    private final AuditTrail audit;
    private final UseCases useCases;

    private Core(Stores stores, Ports ports, Settings settings, WorkerPool workers, Webhooks webhooks) {
        this.stores = stores;
        this.ports = ports;
        this.webhookDelivery = new WebhookDeliveryWorker(webhooks.outbox(), webhooks.webhooks(),
                stores.executions(), webhooks.payloads(), webhooks.sender(), ports.clock(), ports.random()::nextDouble,
                settings.instance(), webhooks.delivery());
        Clock clock = ports.clock();
        TokenAccounting tokens = new TokenAccounting(ports.tokenMeter(), stores.monthlyTokenUsage());
        this.composer = new PromptComposer(stores.prompts(), stores.endpoints(), stores.conversations(),
                ports.templates(), settings.executionTimeout());
        ExecutionRunner runner = new ExecutionRunner(ports.router(), stores.executions(), composer, ports.schemas(),
                clock, tokens, settings.calls(), ports.tokens(), ports.metrics(), ports.work());
        this.caching = new ResponseCaching(ports.responseCache(), runner, stores.executions(), clock);
        this.queueWorker = new QueueWorker(stores.queue(), runner, clock, settings.queue());
        this.readiness = new ReadinessService(stores.health());
        this.audit = new AuditTrail(ports.ids(), clock);
        this.operatorKey = new OperatorKeyService(stores.operatorKey(), stores.apiKeys(), clock, ports.random(),
                audit);
        this.checks = new DefinitionChecks(ports.schemas(), ports.templates(), ports.router());
        this.useCases = new UseCases(
                access(tokens, settings),
                executions(runner, workers, settings),
                storedPrompts(runner),
                administration(stores, ports.ids(), clock, ports.random()),
                new WebhookService(webhooks.webhooks(), webhooks.outbox(), webhooks.sender(), webhooks.payloads(),
                        ports.ids(), clock, ports.random(), audit),
                readiness);
    }

    /**
     * Builds every service of the core.
     *
     * @param workers this instance's workers, which run the {@link #queueWorker()}; the services wake them when they
     *        queue work and interrupt them when they cancel
     * @param webhooks the endpoints, the outbox and the sender of webhook deliveries
     */
    public static Core wire(Stores stores, Ports ports, Settings settings, WorkerPool workers, Webhooks webhooks) {
        Objects.requireNonNull(stores, "stores");
        Objects.requireNonNull(ports, "ports");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(workers, "workers");
        Objects.requireNonNull(webhooks, "webhooks");
        return new Core(stores, ports, settings, workers, webhooks);
    }

    /**
     * Tenants, plans and keys alone, for a caller that needs no more of the core (the command line): the same
     * services the full core serves them with.
     */
    public static AdministrationUseCases administration(Stores stores, IdGenerator ids, Clock clock,
            SecureRandom random) {
        KeyIssuer issuer = new KeyIssuer(stores.apiKeys(), ids, clock, random);
        AuditTrail audit = new AuditTrail(ids, clock);
        return new AdministrationUseCases(
                new TenantService(stores.tenants(), stores.plans(), issuer, ids, clock, audit),
                new PlanService(stores.plans(), audit),
                new ApiKeyService(stores.apiKeys(), issuer, audit, clock),
                new AuditEventService(stores.auditEvents()));
    }

    private AccessUseCases access(TokenAccounting tokens, Settings settings) {
        // an instance silent for a lease is gone, for its idempotency keys as for its executions
        IdempotencyService.Settings idempotency = new IdempotencyService.Settings(settings.idempotencyTtl(),
                settings.instance(), settings.queue().lease());
        return new AccessUseCases(
                new AuthenticationService(stores.apiKeys(), stores.tenants(), ports.clock()),
                operatorKey,
                new AdmissionService(ports.rateLimiter(), stores.plans(), tokens, ports.clock(), ports.metrics()),
                new IdempotencyService(stores.idempotencyKeys(), stores.executions(), stores.instances(),
                        ports.clock(), idempotency, ports.metrics()));
    }

    private ExecutionUseCases executions(ExecutionRunner runner, WorkerPool workers, Settings settings) {
        ExecutionQueryService queries = new ExecutionQueryService(stores.executions());
        return new ExecutionUseCases(
                new ExecutePromptService(ports.router(), stores.executions(), runner, workers, ports.ids(),
                        ports.clock(), caching, settings.responseTtl(), ports.schemas(), stores.prompts(),
                        ports.work()),
                queries,
                queries,
                new CancelExecutionService(stores.executions(), workers, ports.clock(), ports.metrics()),
                new UsageReportService(stores.usageReports(), ports.clock()));
    }

    private StoredPromptUseCases storedPrompts(ExecutionRunner runner) {
        StoredPromptRuns runs = new StoredPromptRuns(stores.prompts(), ports.router(), ports.schemas(), runner,
                ports.ids(), ports.clock(), ports.work());
        return new StoredPromptUseCases(
                new EndpointService(stores.endpoints(), stores.prompts(), ports.schemas(), checks, ports.ids(),
                        ports.clock(), audit),
                new PromptService(stores.prompts(), stores.endpoints(), checks, ports.ids(), ports.clock(), audit),
                new TestPromptVersionService(stores.endpoints(), stores.prompts(), runs),
                new RunStoredPromptService(stores.conversations(), ports.router(), runs, ports.ids(), ports.clock()),
                new CallEndpointService(stores.tenants(), stores.endpoints(), stores.prompts(), runs, caching,
                        ports.ids(), ports.clock()));
    }

    /** Every use case a surface serves, in groups. */
    public UseCases useCases() {
        return useCases;
    }

    /**
     * What a start runs before it serves, with the demo tenant put on {@code demoPlan}; the operator key is the one
     * that authenticates the operator afterwards.
     */
    public ProvisioningUseCases provisioning(Plan demoPlan) {
        Objects.requireNonNull(demoPlan, "demoPlan");
        return new ProvisioningUseCases(
                operatorKey,
                new DemoProvisioningService(stores.tenants(), stores.apiKeys(), ports.ids(), ports.clock(),
                        ports.random(), demoPlan),
                new DemoEndpointService(stores.tenants(), stores.endpoints(), stores.prompts(), checks, ports.ids(),
                        ports.clock()));
    }

    /**
     * The console's sessions over {@code sessions}, signing in with the same authentication as the API's: a surface
     * that serves the console takes these beside {@link #useCases()}.
     */
    public ConsoleSessionUseCases consoleSessions(ConsoleSessionStore sessions,
            ConsoleSessionService.Settings settings) {
        AccessUseCases access = useCases.access();
        return new ConsoleSessionService(sessions, stores.apiKeys(), stores.tenants(), access.authenticate(),
                access.authenticateOperator(), ports.clock(), ports.random(), settings);
    }

    /** The work of this instance's async workers: claim, run, renew, release. */
    public QueueWorker queueWorker() {
        return queueWorker;
    }

    /** The work of this instance's webhook delivery workers: claim due deliveries, attempt, record. */
    public WebhookDeliveryWorker webhookDelivery() {
        return webhookDelivery;
    }

    /** Readiness, which the composition root marks as stopping when it begins to drain. */
    public ReadinessService readiness() {
        return readiness;
    }

    /**
     * The single-flight response cache both cached surfaces (the execute API, endpoint calls) share; exposed so a
     * test can watch how many requests wait on one answer.
     */
    public ResponseCaching caching() {
        return caching;
    }

    /** What each execution sends to its model; exposed so a test can check a composition without running it. */
    public PromptComposer composer() {
        return composer;
    }
}
