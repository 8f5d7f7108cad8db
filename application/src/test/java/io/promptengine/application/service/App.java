package io.promptengine.application.service;

import io.promptengine.application.fakes.FakeClock;
import io.promptengine.application.fakes.FakeModelProvider;
import io.promptengine.application.fakes.FakeModelRouter;
import io.promptengine.application.fakes.FakeRateLimiter;
import io.promptengine.application.fakes.FakeSchemaValidator;
import io.promptengine.application.fakes.FakeTemplateRenderer;
import io.promptengine.application.fakes.FakeTokenMeter;
import io.promptengine.application.fakes.InMemoryApiKeyStore;
import io.promptengine.application.fakes.InMemoryAuditEventStore;
import io.promptengine.application.fakes.InMemoryConversationStore;
import io.promptengine.application.fakes.InMemoryEndpointStore;
import io.promptengine.application.fakes.InMemoryExecutionStore;
import io.promptengine.application.fakes.InMemoryIdempotencyStore;
import io.promptengine.application.fakes.InMemoryInstanceRegistry;
import io.promptengine.application.fakes.InMemoryMonthlyTokenUsage;
import io.promptengine.application.fakes.InMemoryOperatorKeyStore;
import io.promptengine.application.fakes.InMemoryPlanStore;
import io.promptengine.application.fakes.InMemoryPromptStore;
import io.promptengine.application.fakes.InMemoryResponseCache;
import io.promptengine.application.fakes.InMemoryTenantStore;
import io.promptengine.application.fakes.ManualWorkerPool;
import io.promptengine.application.fakes.RecordingMetrics;
import io.promptengine.application.fakes.SequentialIdGenerator;
import io.promptengine.application.fakes.UnreadUsageReports;
import io.promptengine.application.fakes.WordCountingTokenEstimator;
import io.promptengine.application.port.in.AdmitRequestUseCase;
import io.promptengine.application.port.in.CallEndpointUseCase;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.CancelExecutionUseCase;
import io.promptengine.application.port.in.ExecutePromptCommand;
import io.promptengine.application.port.in.ExecutePromptUseCase;
import io.promptengine.application.port.in.GetExecutionUseCase;
import io.promptengine.application.port.in.ListExecutionsUseCase;
import io.promptengine.application.port.in.RunStoredPromptUseCase;
import io.promptengine.application.port.in.TestPromptVersionUseCase;
import io.promptengine.application.port.out.UsageReports;
import io.promptengine.application.port.out.WorkContext;
import io.promptengine.application.wiring.Core;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.Scope;
import io.promptengine.domain.tenant.TenantId;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The core wired to fakes by the same {@link Core} that bootstrap wires to adapters, so the services under test are
 * the ones that serve. One per test; the fakes are fields, for tests to arrange and inspect.
 */
final class App {

    static final TenantId ACME = new TenantId("ten_acme");
    static final TenantId GLOBEX = new TenantId("ten_globex");
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final Duration LEASE = Duration.ofSeconds(30);
    static final String WORKER = "worker-test";
    private static final Core.Settings SETTINGS = new Core.Settings(TIMEOUT, ModelCallPolicy.SINGLE_ATTEMPT,
            Duration.ZERO, Duration.ofHours(24), new QueueWorker.Settings(LEASE, 3), WORKER);
    /** The service tests read no usage report; the report's own tests run on the real stores. */
    private static final UsageReports NO_USAGE_REPORTS = new UnreadUsageReports("no service test");

    final FakeClock clock = new FakeClock();
    final InMemoryExecutionStore executions = new InMemoryExecutionStore();
    final FakeModelProvider provider = new FakeModelProvider("fake");
    final FakeModelRouter router = new FakeModelRouter().register(provider, "echo");
    final ManualWorkerPool workers = new ManualWorkerPool();
    final SequentialIdGenerator ids = new SequentialIdGenerator();
    final FakeRateLimiter limiter = new FakeRateLimiter();
    final InMemoryPlanStore plans = new InMemoryPlanStore();
    final FakeTokenMeter tokenMeter = new FakeTokenMeter();
    final InMemoryMonthlyTokenUsage monthlyTokens = new InMemoryMonthlyTokenUsage();
    final InMemoryAuditEventStore audit = new InMemoryAuditEventStore();
    final InMemoryTenantStore tenants = new InMemoryTenantStore(audit);
    final InMemoryPromptStore prompts = new InMemoryPromptStore(audit);
    final InMemoryEndpointStore endpoints = new InMemoryEndpointStore(prompts, audit);
    final InMemoryConversationStore conversations = new InMemoryConversationStore();
    final FakeSchemaValidator schemas = new FakeSchemaValidator();
    final FakeTemplateRenderer templates = new FakeTemplateRenderer();
    final InMemoryResponseCache cache = new InMemoryResponseCache(clock);
    private final Core.Stores stores = new Core.Stores(executions, executions, tenants, new InMemoryApiKeyStore(audit),
            plans, new InMemoryOperatorKeyStore(), endpoints, prompts, conversations, new InMemoryIdempotencyStore(),
            new InMemoryInstanceRegistry(), NO_USAGE_REPORTS, monthlyTokens, audit, List.of());
    final RecordingMetrics metrics = new RecordingMetrics();
    private final Core.Ports ports = new Core.Ports(router, limiter, tokenMeter, cache, schemas, templates, clock,
            ids, new SecureRandom(), new WordCountingTokenEstimator(), metrics, WorkContext.NONE);
    final PromptComposer composer;
    final ResponseCaching caching;
    final QueueWorker queueWorker;
    final AdmitRequestUseCase admission;
    final ExecutePromptUseCase executePrompt;
    final GetExecutionUseCase getExecution;
    final ListExecutionsUseCase listExecutions;
    final CancelExecutionUseCase cancelExecution;
    final CallEndpointUseCase callEndpoint;
    final TestPromptVersionUseCase testVersion;
    final RunStoredPromptUseCase runStoredPrompt;

    /** The execute API with its cache off. */
    App() {
        this(Duration.ZERO);
    }

    /** The execute API caching sync answers for {@code responseTtl}. */
    App(Duration responseTtl) {
        Core core = Core.wire(stores, ports, SETTINGS.withResponseTtl(responseTtl), workers, Webhooks.inMemory(audit));
        this.composer = core.composer();
        this.caching = core.caching();
        this.queueWorker = core.queueWorker();
        this.admission = core.useCases().access().admit();
        this.executePrompt = core.useCases().executions().execute();
        this.getExecution = core.useCases().executions().get();
        this.listExecutions = core.useCases().executions().list();
        this.cancelExecution = core.useCases().executions().cancel();
        this.callEndpoint = core.useCases().storedPrompts().callEndpoint();
        this.testVersion = core.useCases().storedPrompts().testVersion();
        this.runStoredPrompt = core.useCases().storedPrompts().run();
    }

    /**
     * What a worker does with the queue: claims every queued execution and runs each through {@link #workers} on
     * the calling thread; returns how many ran.
     */
    int runQueued() {
        int ran = 0;
        for (Execution claimed : queueWorker.claim(WORKER, 1_000)) {
            workers.runAs(claimed.id(), () -> queueWorker.work(claimed));
            ran++;
        }
        return ran;
    }

    /** A key of {@code tenant}, on the Free plan, holding {@code scopes}. */
    static Caller caller(TenantId tenant, Scope first, Scope... rest) {
        return new Caller(tenant, new ApiKeyId("key_" + tenant.value()), EnumSet.of(first, rest), "free",
                OptionalInt.empty());
    }

    /** A key of ACME, on the Free plan, holding every scope. */
    static Caller acme() {
        return new Caller(ACME, new ApiKeyId("key_acme"), EnumSet.allOf(Scope.class), "free", OptionalInt.empty());
    }

    static ExecutePromptCommand command(Caller caller, String model) {
        return new ExecutePromptCommand(caller, model, "Say hello", ModelParameters.DEFAULTS, "req_1",
                Optional.empty());
    }

    /** The ids of every stored execution, sorted. */
    List<String> storedIds() {
        return executions.all().stream().map(e -> e.id().value()).sorted().toList();
    }
}
