package io.promptengine.application.service;

import io.promptengine.application.port.in.ProvisionDemoEndpointUseCase;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.EndpointStore;
import io.promptengine.application.port.out.IdGenerator;
import io.promptengine.application.port.out.PromptStore;
import io.promptengine.application.port.out.TenantStore;
import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.endpoint.EndpointPath;
import io.promptengine.domain.error.ConflictException;
import io.promptengine.domain.prompt.MessageTemplate;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.prompt.Prompt;
import io.promptengine.domain.prompt.PromptVersion;
import io.promptengine.domain.schema.SchemaContract;
import io.promptengine.domain.tenant.Tenant;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The demo tenant's {@code POST /api/v1/summarize}, so that the seed's examples work on a fresh install with the
 * {@code local} provider: the seed's input schema ({@code text} required, {@code max_length} an integer from 10 to
 * 1000, {@code options.format} one of {@code bullets} and {@code paragraph}), an output schema
 * {@code {summary, word_count}}, and three prompts: {@code summarize} (live, the default),
 * {@code detailed-summary} (live, for {@code ?prompt=detailed-summary}) and {@code experimental} (a draft, to show
 * that drafts are test-only).
 *
 * <p>Idempotent, and safe for instances starting together: it does nothing once the endpoint has a default
 * prompt, which is set last, and otherwise completes what is missing (an endpoint the tenant deleted comes back on
 * the next start). The content passes the same checks as a tenant's own, so a change that breaks it fails at once.
 */
public final class DemoEndpointService implements ProvisionDemoEndpointUseCase {

    public static final EndpointPath PATH = new EndpointPath("/api/v1/summarize");
    /** The seed's endpoint caches its answers ({@code X-Cache}); five minutes, like the execute API's default. */
    static final Duration CACHE_TTL = Duration.ofMinutes(5);

    static final SchemaContract INPUT_SCHEMA = new SchemaContract("""
            {"type":"object","required":["text"],"properties":{\
            "text":{"type":"string","minLength":1,"description":"The content to process"},\
            "max_length":{"type":"integer","minimum":10,"maximum":1000,\
            "description":"The longest summary wanted, in words"},\
            "options":{"type":"object","properties":{"format":{"type":"string","enum":["bullets","paragraph"],\
            "description":"How the summary is laid out"}}}}}""");
    static final SchemaContract OUTPUT_SCHEMA = new SchemaContract("""
            {"type":"object","required":["summary","word_count"],"additionalProperties":false,"properties":{\
            "summary":{"type":"string"},"word_count":{"type":"integer","minimum":0}}}""");

    private static final String MODEL = "echo";
    private static final String AUTHOR = "Prompt Engine";
    private static final List<DemoPrompt> PROMPTS = List.of(
            new DemoPrompt("summarize", "Summarize", "A short summary of any text.", true, new MessageTemplate(
                    Optional.of("You summarise text faithfully and answer with JSON: "
                            + "{\"summary\": string, \"word_count\": integer}."),
                    "Summarise the following text{{#max_length}} in at most {{max_length}} words{{/max_length}}."
                            + "\n\n{{text}}")),
            new DemoPrompt("detailed-summary", "Detailed summary", "A longer summary that keeps every key point.",
                    true, new MessageTemplate(
                            Optional.of("You write thorough summaries and answer with JSON: "
                                    + "{\"summary\": string, \"word_count\": integer}."),
                            "Write a detailed summary of the following text, keeping every key point"
                                    + "{{#max_length}}, in at most {{max_length}} words{{/max_length}}."
                                    + "{{#options.format}} Lay it out as {{options.format}}.{{/options.format}}"
                                    + "\n\n{{text}}")),
            new DemoPrompt("experimental", "Experimental", "A draft: it runs only through the test route.", false,
                    new MessageTemplate(Optional.empty(), "Summarise this in one sentence: {{text}}")));

    private final TenantStore tenants;
    private final EndpointStore endpoints;
    private final PromptStore prompts;
    private final DefinitionChecks checks;
    private final IdGenerator ids;
    private final Clock clock;

    public DemoEndpointService(TenantStore tenants, EndpointStore endpoints, PromptStore prompts,
            DefinitionChecks checks, IdGenerator ids, Clock clock) {
        this.tenants = tenants;
        this.endpoints = endpoints;
        this.prompts = prompts;
        this.checks = checks;
        this.ids = ids;
        this.clock = clock;
    }

    @Override
    public void provisionDemoEndpoint() {
        Optional<Tenant> demo = tenants.findBySlug(DemoProvisioningService.DEMO_SLUG);
        if (demo.isEmpty()) {
            return;
        }
        Endpoint endpoint = endpoint(demo.get());
        if (endpoint.defaultPrompt().isPresent()) {
            return;
        }
        Prompt byDefault = null;
        for (DemoPrompt content : PROMPTS) {
            Prompt prompt = prompt(endpoint, content);
            byDefault = byDefault == null ? prompt : byDefault;
        }
        Endpoint current = endpoints.find(endpoint.tenantId(), endpoint.id()).orElse(endpoint);
        if (current.defaultPrompt().isEmpty()) {
            endpoints.update(current.reviseDefaultPrompt(Optional.of(byDefault), clock.now()));
        }
    }

    private Endpoint endpoint(Tenant demo) {
        Optional<Endpoint> existing = endpoints.findByPath(demo.id(), PATH);
        if (existing.isPresent()) {
            return existing.get();
        }
        checks.schema("input_schema", INPUT_SCHEMA);
        checks.schema("output_schema", OUTPUT_SCHEMA);
        Endpoint created = new Endpoint(ids.endpointId(), demo.id(), PATH,
                "Summarises text: the endpoint of the documentation's examples.", INPUT_SCHEMA,
                Optional.of(OUTPUT_SCHEMA), Optional.empty(), Endpoint.DEFAULT_TIMEOUT, CACHE_TTL, clock.now(),
                clock.now());
        try {
            endpoints.insert(created);
            return created;
        } catch (ConflictException e) {
            return endpoints.findByPath(demo.id(), PATH).orElseThrow(() -> e);
        }
    }

    /** The prompt by its name, made when missing; given its one version when it has none, published when live. */
    private Prompt prompt(Endpoint endpoint, DemoPrompt content) {
        checks.templates(content.template, Optional.of(endpoint.inputSchema()));
        checks.routable(MODEL, Optional.empty(), List.of());
        Optional<Prompt> existing = prompts.findByName(endpoint.tenantId(), Optional.of(endpoint.id()), content.name);
        Prompt prompt = existing.orElseGet(() -> new Prompt(ids.promptId(), endpoint.tenantId(),
                Optional.of(endpoint.id()), content.name, content.title, content.description, List.of("demo"), AUTHOR,
                clock.now(), clock.now()));
        if (existing.isEmpty()) {
            try {
                prompts.insert(prompt);
            } catch (ConflictException e) {
                // another instance made it at this moment, and makes its version too
                return prompts.findByName(endpoint.tenantId(), Optional.of(endpoint.id()), content.name)
                        .orElseThrow(() -> e);
            }
        }
        if (prompts.listVersions(prompt.id()).isEmpty()) {
            PromptVersion draft = prompts.insertDraft(PromptVersion.draft(ids.promptVersionId(), prompt.id(), 1,
                    content.template, MODEL, Optional.empty(), ModelParameters.DEFAULTS, Optional.empty(), List.of(),
                    clock.now()));
            if (content.live) {
                prompts.publish(prompt.id(), draft.id(), clock.now());
            }
        }
        return prompt;
    }

    private record DemoPrompt(String name, String title, String description, boolean live,
            MessageTemplate template) {
    }
}
