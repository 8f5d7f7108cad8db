package io.promptengine.application.service;

import io.promptengine.application.fakes.FakeClock;
import io.promptengine.application.fakes.FakeModelProvider;
import io.promptengine.application.fakes.FakeModelRouter;
import io.promptengine.application.fakes.FakeSchemaValidator;
import io.promptengine.application.fakes.FakeTemplateRenderer;
import io.promptengine.application.fakes.InMemoryEndpointStore;
import io.promptengine.application.fakes.InMemoryPromptStore;
import io.promptengine.application.fakes.InMemoryTenantStore;
import io.promptengine.application.fakes.SequentialIdGenerator;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.NewDraft;
import io.promptengine.application.port.in.NewEndpoint;
import io.promptengine.application.port.in.NewPrompt;
import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.endpoint.EndpointPath;
import io.promptengine.domain.prompt.MessageTemplate;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.prompt.Prompt;
import io.promptengine.domain.schema.SchemaContract;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.Scope;
import io.promptengine.domain.tenant.TenantId;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The endpoint and prompt services wired to fakes, the way bootstrap wires them to adapters. One per test. */
final class Definitions {

    static final TenantId ACME = new TenantId("ten_acme");
    static final TenantId GLOBEX = new TenantId("ten_globex");
    /** Declares {@code text}, {@code max_length}, {@code options} and {@code options.format}. */
    static final SchemaContract INPUT = new SchemaContract("{\"type\":\"object\",\"title\":\"input\"}");
    static final SchemaContract OUTPUT = new SchemaContract("{\"type\":\"object\",\"title\":\"output\"}");
    /** Refused by the schema validator. */
    static final SchemaContract BROKEN = new SchemaContract("{\"type\":\"nonsense\"}");

    final FakeClock clock = new FakeClock();
    final SequentialIdGenerator ids = new SequentialIdGenerator();
    final InMemoryTenantStore tenants = new InMemoryTenantStore();
    final InMemoryPromptStore prompts = new InMemoryPromptStore();
    final InMemoryEndpointStore endpoints = new InMemoryEndpointStore(prompts);
    final FakeSchemaValidator schemas = new FakeSchemaValidator()
            .declare(INPUT, "text", "max_length", "options", "options.format")
            .refuseSchema(BROKEN, "Unknown type 'nonsense'");
    final FakeTemplateRenderer templates = new FakeTemplateRenderer();
    final FakeModelProvider local = new FakeModelProvider("local");
    final FakeModelRouter router = new FakeModelRouter().register(local, "echo");
    final EndpointService endpointService = new EndpointService(endpoints, prompts, schemas, templates, router, ids,
            clock);
    final PromptService promptService = new PromptService(prompts, endpoints, schemas, templates, router, ids,
            clock);

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
