package io.promptengine.adapters.http;

import io.promptengine.application.fakes.FakeClock;
import io.promptengine.application.fakes.FakeModelProvider;
import io.promptengine.application.fakes.FakeModelRouter;
import io.promptengine.application.fakes.FakeSchemaValidator;
import io.promptengine.application.fakes.FakeTemplateRenderer;
import io.promptengine.application.fakes.InMemoryEndpointStore;
import io.promptengine.application.fakes.InMemoryPromptStore;
import io.promptengine.application.fakes.SequentialIdGenerator;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.DescribedEndpoint;
import io.promptengine.application.port.in.EndpointChanges;
import io.promptengine.application.port.in.ManageEndpointsUseCase;
import io.promptengine.application.port.in.ManagePromptsUseCase;
import io.promptengine.application.port.in.NewDraft;
import io.promptengine.application.port.in.NewEndpoint;
import io.promptengine.application.port.in.NewPrompt;
import io.promptengine.application.port.in.PromptChanges;
import io.promptengine.application.service.AuditTrail;
import io.promptengine.application.service.DefinitionChecks;
import io.promptengine.application.service.EndpointService;
import io.promptengine.application.service.PromptService;
import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.prompt.Prompt;
import io.promptengine.domain.prompt.PromptVersion;
import io.promptengine.domain.schema.SchemaContract;
import java.util.List;
import java.util.Optional;

/**
 * The real endpoint and prompt services on in-memory stores and fake schema and template ports, rebuilt from
 * scratch by {@link #reset}. The fake schema validator refuses {@link #BROKEN_SCHEMA} and declares {@code text},
 * {@code max_length}, {@code options} and {@code options.format} for {@link #INPUT_SCHEMA}, whose example is
 * {@link #INPUT_EXAMPLE}; the router serves {@code echo}.
 */
final class Definitions {

    static final String INPUT_SCHEMA = "{\"type\":\"object\",\"required\":[\"text\"],\"properties\":{"
            + "\"text\":{\"type\":\"string\",\"minLength\":1},"
            + "\"max_length\":{\"type\":\"integer\",\"minimum\":10,\"maximum\":1000},"
            + "\"options\":{\"type\":\"object\",\"properties\":{\"format\":{\"type\":\"string\","
            + "\"enum\":[\"bullets\",\"paragraph\"]}}}}}";
    static final String BROKEN_SCHEMA = "{\"type\":\"nonsense\"}";
    /** The schema validator's example of {@link #INPUT_SCHEMA}. */
    static final String INPUT_EXAMPLE =
            "{\"text\":\"Example text\",\"max_length\":10,\"options\":{\"format\":\"bullets\"}}";

    /** One generation of services and the stores behind them. */
    record Wiring(FakeClock clock, FakeSchemaValidator schemas, InMemoryEndpointStore endpointStore,
            InMemoryPromptStore promptStore, EndpointService endpoints, PromptService prompts) {
    }

    private volatile Wiring wiring = wire();

    final ManageEndpointsUseCase endpoints = new ManageEndpointsUseCase() {
        @Override
        public Endpoint create(Caller caller, NewEndpoint endpoint) {
            return wiring.endpoints().create(caller, endpoint);
        }

        @Override
        public List<Endpoint> list(Caller caller) {
            return wiring.endpoints().list(caller);
        }

        @Override
        public Endpoint get(Caller caller, String endpointId) {
            return wiring.endpoints().get(caller, endpointId);
        }

        @Override
        public DescribedEndpoint describe(Caller caller, String endpointId) {
            return wiring.endpoints().describe(caller, endpointId);
        }

        @Override
        public Endpoint update(Caller caller, EndpointChanges changes) {
            return wiring.endpoints().update(caller, changes);
        }

        @Override
        public Endpoint delete(Caller caller, String endpointId) {
            return wiring.endpoints().delete(caller, endpointId);
        }
    };

    final ManagePromptsUseCase prompts = new ManagePromptsUseCase() {
        @Override
        public Prompt create(Caller caller, NewPrompt prompt) {
            return wiring.prompts().create(caller, prompt);
        }

        @Override
        public List<Prompt> list(Caller caller, Optional<String> endpointId) {
            return wiring.prompts().list(caller, endpointId);
        }

        @Override
        public Prompt get(Caller caller, String promptId) {
            return wiring.prompts().get(caller, promptId);
        }

        @Override
        public Prompt update(Caller caller, PromptChanges changes) {
            return wiring.prompts().update(caller, changes);
        }

        @Override
        public PromptVersion createDraft(Caller caller, NewDraft draft) {
            return wiring.prompts().createDraft(caller, draft);
        }

        @Override
        public List<PromptVersion> listVersions(Caller caller, String promptId) {
            return wiring.prompts().listVersions(caller, promptId);
        }

        @Override
        public PromptVersion getVersion(Caller caller, String promptId, int version) {
            return wiring.prompts().getVersion(caller, promptId, version);
        }

        @Override
        public PromptVersion publish(Caller caller, String promptId, int version) {
            return wiring.prompts().publish(caller, promptId, version);
        }
    };

    void reset() {
        wiring = wire();
    }

    Wiring wiring() {
        return wiring;
    }

    private static Wiring wire() {
        FakeClock clock = new FakeClock();
        SequentialIdGenerator ids = new SequentialIdGenerator();
        InMemoryPromptStore promptStore = new InMemoryPromptStore();
        InMemoryEndpointStore endpointStore = new InMemoryEndpointStore(promptStore);
        FakeSchemaValidator schemas = new FakeSchemaValidator()
                .declare(new SchemaContract(INPUT_SCHEMA), "text", "max_length", "options", "options.format")
                .refuseSchema(new SchemaContract(BROKEN_SCHEMA), "Unknown type 'nonsense' at /type")
                .exampleOf(new SchemaContract(INPUT_SCHEMA), INPUT_EXAMPLE);
        FakeTemplateRenderer templates = new FakeTemplateRenderer();
        FakeModelRouter router = new FakeModelRouter().register(new FakeModelProvider("local"), "echo");
        DefinitionChecks checks = new DefinitionChecks(schemas, templates, router);
        return new Wiring(clock, schemas, endpointStore, promptStore,
                new EndpointService(endpointStore, promptStore, schemas, checks, ids, clock,
                        new AuditTrail(ids, clock)),
                new PromptService(promptStore, endpointStore, checks, ids, clock, new AuditTrail(ids, clock)));
    }
}
