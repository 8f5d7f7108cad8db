package io.promptengine.application.service;

import io.promptengine.application.fakes.FakeClock;
import io.promptengine.application.fakes.FakeModelProvider;
import io.promptengine.application.fakes.FakeModelRouter;
import io.promptengine.application.fakes.FakeRateLimiter;
import io.promptengine.application.fakes.FakeSchemaValidator;
import io.promptengine.application.fakes.FakeTemplateRenderer;
import io.promptengine.application.fakes.FakeTokenMeter;
import io.promptengine.application.fakes.InMemoryConversationStore;
import io.promptengine.application.fakes.InMemoryEndpointStore;
import io.promptengine.application.fakes.InMemoryExecutionStore;
import io.promptengine.application.fakes.InMemoryMonthlyTokenUsage;
import io.promptengine.application.fakes.InMemoryPlanStore;
import io.promptengine.application.fakes.InMemoryPromptStore;
import io.promptengine.application.fakes.InMemoryResponseCache;
import io.promptengine.application.fakes.InMemoryTenantStore;
import io.promptengine.application.fakes.ManualWorkerPool;
import io.promptengine.application.fakes.SequentialIdGenerator;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.ExecutePromptCommand;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.Scope;
import io.promptengine.domain.tenant.TenantId;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The execution services wired to fakes, the way bootstrap wires them to adapters. One per test. */
final class App {

    static final TenantId ACME = new TenantId("ten_acme");
    static final TenantId GLOBEX = new TenantId("ten_globex");
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final Duration LEASE = Duration.ofSeconds(30);
    static final String WORKER = "worker-test";

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
    final TokenAccounting tokens = new TokenAccounting(tokenMeter, monthlyTokens);
    final AdmissionService admission = new AdmissionService(limiter, plans, tokens, clock);
    final InMemoryTenantStore tenants = new InMemoryTenantStore();
    final InMemoryEndpointStore endpoints = new InMemoryEndpointStore();
    final InMemoryPromptStore prompts = new InMemoryPromptStore();
    final InMemoryConversationStore conversations = new InMemoryConversationStore();
    final FakeSchemaValidator schemas = new FakeSchemaValidator();
    final FakeTemplateRenderer templates = new FakeTemplateRenderer();
    final PromptComposer composer = new PromptComposer(prompts, endpoints, conversations, templates, TIMEOUT);
    final ExecutionRunner runner = new ExecutionRunner(router, executions, composer, schemas, clock, tokens);
    final InMemoryResponseCache cache = new InMemoryResponseCache(clock);
    final ResponseCaching caching = new ResponseCaching(cache, runner, executions, clock);
    /** The execute API with its cache off; {@link #executePromptCachedFor} turns it on. */
    final ExecutePromptService executePrompt = executePromptCachedFor(Duration.ZERO);
    final CallEndpointService callEndpoint = new CallEndpointService(tenants, endpoints, prompts, router, schemas,
            runner, ids, clock, caching);
    final TestPromptVersionService testVersion = new TestPromptVersionService(endpoints, prompts, router, schemas,
            runner, ids, clock);
    final RunStoredPromptService runStoredPrompt = new RunStoredPromptService(prompts, conversations, router,
            schemas, runner, ids, clock);
    final CancelExecutionService cancelExecution = new CancelExecutionService(executions, workers, clock);
    final ExecutionQueryService queries = new ExecutionQueryService(executions);
    final QueueWorker queueWorker = new QueueWorker(executions, runner, clock, new QueueWorker.Settings(LEASE, 3));

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

    /** The execute API caching sync answers for {@code ttl}. */
    ExecutePromptService executePromptCachedFor(Duration ttl) {
        return new ExecutePromptService(router, executions, runner, workers, ids, clock, caching, ttl);
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
