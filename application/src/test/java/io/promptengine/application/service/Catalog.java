package io.promptengine.application.service;

import io.promptengine.domain.common.EndpointId;
import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.endpoint.EndpointPath;
import io.promptengine.domain.prompt.MessageTemplate;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.prompt.Prompt;
import io.promptengine.domain.prompt.PromptId;
import io.promptengine.domain.prompt.PromptVersion;
import io.promptengine.domain.prompt.PromptVersionId;
import io.promptengine.domain.schema.SchemaContract;
import io.promptengine.domain.tenant.Tenant;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * ACME's stored prompts in an {@link App}: the {@code /api/v1/summarize} endpoint, whose default prompt
 * {@code summary} is live, with a second live prompt {@code detailed-summary} and a prompt {@code drafty} that
 * only has a draft. Templates use the fake renderer's {@code {{name}}} variables.
 */
final class Catalog {

    static final String PATH = "/api/v1/summarize";
    static final SchemaContract INPUT = new SchemaContract("{\"type\":\"object\",\"required\":[\"text\"]}");
    static final SchemaContract SUMMARY = new SchemaContract("{\"type\":\"object\",\"required\":[\"summary\"]}");
    static final String TEXT = "{\"text\":\"Prompt Engine runs prompts\",\"max_length\":100}";
    static final Duration ENDPOINT_TIMEOUT = Duration.ofSeconds(20);
    static final ModelParameters PARAMETERS = new ModelParameters(OptionalDouble.of(0.2), OptionalInt.of(300));

    final Endpoint endpoint;
    final Prompt summary;
    final PromptVersion summaryLive;
    final Prompt detailed;
    final PromptVersion detailedLive;
    final Prompt drafty;
    final PromptVersion draft;

    private final App app;
    private int versions;

    /** ACME (slug {@code acme}) with the endpoint and prompts above; no output schema anywhere. */
    Catalog(App app) {
        this(app, Optional.empty(), Optional.empty());
    }

    /** The same, with these output schemas on the endpoint and on every version. */
    Catalog(App app, Optional<SchemaContract> endpointOutput, Optional<SchemaContract> versionOutput) {
        this.app = app;
        app.tenants.insert(new Tenant(App.ACME, "acme", "Acme", "free", true, app.clock.now()));
        app.tenants.insert(new Tenant(App.GLOBEX, "globex", "Globex", "free", true, app.clock.now()));
        summary = prompt("summary", "00000000-0000-4000-a000-000000000001");
        detailed = prompt("detailed-summary", "00000000-0000-4000-a000-000000000002");
        drafty = prompt("drafty", "00000000-0000-4000-a000-000000000003");
        endpoint = new Endpoint(new EndpointId("ep_summarize"), App.ACME, new EndpointPath(PATH), "Summaries", INPUT,
                endpointOutput, Optional.of(summary.id()), ENDPOINT_TIMEOUT, Duration.ZERO, app.clock.now(),
                app.clock.now());
        app.endpoints.insert(endpoint);
        summaryLive = live(summary, new MessageTemplate(Optional.of("You summarise."), "Summarise: {{text}}"),
                versionOutput);
        detailedLive = live(detailed, new MessageTemplate(Optional.empty(), "In detail: {{text}}"), versionOutput);
        draft = app.prompts.insertDraft(version(drafty, new MessageTemplate(Optional.empty(), "Draft: {{text}}"),
                versionOutput));
    }

    /** A prompt of the endpoint named {@code name}; the endpoint is stored right after, so it is not read here. */
    private Prompt prompt(String name, String id) {
        Prompt prompt = new Prompt(new PromptId(id), App.ACME, Optional.of(new EndpointId("ep_summarize")), name,
                "Title of " + name, "Description of " + name, List.of("tag-" + name), "Ada", app.clock.now(),
                app.clock.now());
        app.prompts.insert(prompt);
        return prompt;
    }

    private PromptVersion live(Prompt prompt, MessageTemplate template, Optional<SchemaContract> output) {
        PromptVersion draft = app.prompts.insertDraft(version(prompt, template, output));
        return app.prompts.publish(prompt.id(), draft.id(), app.clock.now());
    }

    /** A draft of {@code prompt} for model {@code echo}, numbered by the store. */
    PromptVersion version(Prompt prompt, MessageTemplate template, Optional<SchemaContract> output) {
        return PromptVersion.draft(new PromptVersionId("pv_" + ++versions), prompt.id(), 1, template, "echo",
                Optional.empty(), PARAMETERS, output, List.of(), app.clock.now());
    }
}
