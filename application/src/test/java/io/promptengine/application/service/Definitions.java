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
import io.promptengine.application.fakes.SequentialIdGenerator;
import io.promptengine.application.fakes.UnreadUsageReports;
import io.promptengine.application.fakes.WordCountingTokenEstimator;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.ManageEndpointsUseCase;
import io.promptengine.application.port.in.ManagePromptsUseCase;
import io.promptengine.application.port.in.NewDraft;
import io.promptengine.application.port.in.NewEndpoint;
import io.promptengine.application.port.in.NewPrompt;
import io.promptengine.application.port.in.ProvisioningUseCases;
import io.promptengine.application.port.out.UsageReports;
import io.promptengine.application.wiring.Core;
import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.endpoint.EndpointPath;
import io.promptengine.domain.prompt.MessageTemplate;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.prompt.Prompt;
import io.promptengine.domain.ratelimit.Plan;
import io.promptengine.domain.schema.SchemaContract;
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
 * The endpoint and prompt services wired to fakes by the same {@link Core} that bootstrap wires to adapters. One per
 * test.
 */
final class Definitions {

    static final TenantId ACME = new TenantId("ten_acme");
    static final TenantId GLOBEX = new TenantId("ten_globex");
    /** Declares {@code text}, {@code max_length}, {@code options} and {@code options.format}. */
    static final SchemaContract INPUT = new SchemaContract("{\"type\":\"object\",\"title\":\"input\"}");
    static final SchemaContract OUTPUT = new SchemaContract("{\"type\":\"object\",\"title\":\"output\"}");
    /** Refused by the schema validator. */
    static final SchemaContract BROKEN = new SchemaContract("{\"type\":\"nonsense\"}");
    /** These tests read no usage report. */
    private static final UsageReports NO_USAGE_REPORTS = new UnreadUsageReports("no definition test");

    final FakeClock clock = new FakeClock();
    final SequentialIdGenerator ids = new SequentialIdGenerator();
    final InMemoryTenantStore tenants = new InMemoryTenantStore();
    final InMemoryAuditEventStore audit = new InMemoryAuditEventStore();
    final InMemoryPromptStore prompts = new InMemoryPromptStore(audit);
    final InMemoryEndpointStore endpoints = new InMemoryEndpointStore(prompts, audit);
    final FakeSchemaValidator schemas = new FakeSchemaValidator()
            .declare(INPUT, "text", "max_length", "options", "options.format")
            .refuseSchema(BROKEN, "Unknown type 'nonsense'");
    final FakeTemplateRenderer templates = new FakeTemplateRenderer();
    final FakeModelProvider local = new FakeModelProvider("local");
    final FakeModelRouter router = new FakeModelRouter().register(local, "echo");
    private final Core core = Core.wire(
            new Core.Stores(new InMemoryExecutionStore(), new InMemoryExecutionStore(), tenants,
                    new InMemoryApiKeyStore(), new InMemoryPlanStore(), new InMemoryOperatorKeyStore(), endpoints,
                    prompts, new InMemoryConversationStore(), new InMemoryIdempotencyStore(),
                    new InMemoryInstanceRegistry(), NO_USAGE_REPORTS, new InMemoryMonthlyTokenUsage(),
                    audit, List.of()),
            new Core.Ports(router, new FakeRateLimiter(), new FakeTokenMeter(), new InMemoryResponseCache(clock),
                    schemas, templates, clock, ids, new SecureRandom(), new WordCountingTokenEstimator()),
            new Core.Settings(Duration.ofSeconds(60), ModelCallPolicy.SINGLE_ATTEMPT, Duration.ZERO,
                    Duration.ofHours(24), new QueueWorker.Settings(Duration.ofSeconds(30), 3), "worker-test"),
            new ManualWorkerPool(), Webhooks.inMemory(audit));
    final ManageEndpointsUseCase endpointService = core.useCases().storedPrompts().endpoints();
    final ManagePromptsUseCase promptService = core.useCases().storedPrompts().prompts();

    /** What a start provisions, the demo tenant on {@code demoPlan}; over these fakes. */
    ProvisioningUseCases provisioning(Plan demoPlan) {
        return core.provisioning(demoPlan);
    }

    /** A key of {@code tenant} holding {@code scopes}. */
    static Caller caller(TenantId tenant, Scope first, Scope... rest) {
        return new Caller(tenant, new ApiKeyId("key_" + tenant.value()), EnumSet.of(first, rest), "free",
                OptionalInt.empty());
    }

    static Caller acme() {
        return caller(ACME, Scope.MANAGE, Scope.READ, Scope.EXECUTE);
    }

    static Caller globex() {
        return caller(GLOBEX, Scope.MANAGE, Scope.READ, Scope.EXECUTE);
    }

    static NewEndpoint newEndpoint(String path) {
        return new NewEndpoint(new EndpointPath(path), "", INPUT, Optional.empty(), Endpoint.DEFAULT_TIMEOUT,
                Duration.ZERO);
    }

    static NewPrompt newPrompt(Optional<String> endpointId, String name) {
        return new NewPrompt(endpointId, name, "", "", List.of(), "");
    }

    static NewDraft draft(String promptId, String userTemplate) {
        return new NewDraft(promptId, new MessageTemplate(Optional.empty(), userTemplate), "echo", Optional.empty(),
                ModelParameters.DEFAULTS, Optional.empty(), List.of());
    }

    /** ACME's endpoint at {@code path}. */
    Endpoint endpoint(String path) {
        return endpointService.create(acme(), newEndpoint(path));
    }

    /** ACME's prompt {@code name} of {@code endpoint}. */
    Prompt prompt(Endpoint endpoint, String name) {
        return promptService.create(acme(), newPrompt(Optional.of(endpoint.id().value()), name));
    }
}
