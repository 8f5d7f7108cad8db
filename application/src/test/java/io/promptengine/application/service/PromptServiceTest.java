package io.promptengine.application.service;

import static io.promptengine.application.service.Definitions.ACME;
import static io.promptengine.application.service.Definitions.BROKEN;
import static io.promptengine.application.service.Definitions.OUTPUT;
import static io.promptengine.application.service.Definitions.acme;
import static io.promptengine.application.service.Definitions.caller;
import static io.promptengine.application.service.Definitions.draft;
import static io.promptengine.application.service.Definitions.globex;
import static io.promptengine.application.service.Definitions.newPrompt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.application.port.in.NewDraft;
import io.promptengine.application.port.in.NewPrompt;
import io.promptengine.application.port.in.PromptChanges;
import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.error.ConflictException;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.error.NotFoundException;
import io.promptengine.domain.error.PermissionDeniedException;
import io.promptengine.domain.prompt.MessageTemplate;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.prompt.Prompt;
import io.promptengine.domain.prompt.PromptVersion;
import io.promptengine.domain.prompt.VersionStatus;
import io.promptengine.domain.tenant.Scope;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PromptServiceTest {

    private final Definitions app = new Definitions();

    @Test
    void givenEndpoint_create_storesThePromptAndMakesTheFirstOneItsDefault() {
        Endpoint endpoint = app.endpoint("/api/v1/summarize");
        NewPrompt command = new NewPrompt(Optional.of(endpoint.id().value()), "summarize", "Summary", "Summarises",
                List.of("demo"), "Ada");

        Prompt first = app.promptService.create(acme(), command);
        Prompt second = app.prompt(endpoint, "second");

        assertThat(first).isEqualTo(new Prompt(first.id(), ACME, Optional.of(endpoint.id()), "summarize", "Summary",
                "Summarises", List.of("demo"), "Ada", app.clock.now(), app.clock.now()));
        assertThat(first.id().value()).isEqualTo("00000000-0000-4000-8000-000000000001");
        assertThat(app.prompts.find(ACME, first.id())).contains(first);
        assertThat(app.endpoints.find(ACME, endpoint.id()).orElseThrow().defaultPrompt()).contains(first.id());
        assertThat(second.endpointId()).contains(endpoint.id());
    }

    @Test
    void givenNoEndpoint_create_storesAPromptOfNoEndpoint() {
        Prompt stored = app.promptService.create(acme(), newPrompt(Optional.empty(), "assistant"));

        assertThat(stored.endpointId()).isEmpty();
        assertThat(app.promptService.list(acme(), Optional.empty())).containsExactly(stored);
    }

    @Test
    void givenEndpointOfAnotherTenantOrNone_create_is400OnEndpointId() {
        Endpoint theirs = app.endpointService.create(globex(), Definitions.newEndpoint("/theirs"));

        for (String endpointId : new String[] {theirs.id().value(), "ep_missing"}) {
            assertThatThrownBy(() -> app.promptService.create(acme(), newPrompt(Optional.of(endpointId), "p")))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                        assertThat(e.field()).contains("endpoint_id");
                        assertThat(e).hasMessage("Endpoint '" + endpointId + "' not found");
                    });
        }
        assertThat(app.prompts.list(ACME, Optional.empty())).isEmpty();
    }

    @Test
    void givenTakenName_create_isConflict() {
        Endpoint endpoint = app.endpoint("/x");
        app.prompt(endpoint, "summarize");

        assertThatThrownBy(() -> app.prompt(endpoint, "summarize")).isInstanceOf(ConflictException.class);
    }

    @Test
    void givenPromptsOfSeveralEndpoints_list_filtersByEndpointAndTenant() {
        Endpoint x = app.endpoint("/x");
        Endpoint y = app.endpoint("/y");
        Prompt b = app.prompt(x, "b");
        Prompt a = app.prompt(x, "a");
        Prompt c = app.prompt(y, "c");
        app.promptService.create(globex(), newPrompt(Optional.empty(), "theirs"));

        assertThat(app.promptService.list(caller(ACME, Scope.READ), Optional.empty())).containsExactly(a, b, c);
        assertThat(app.promptService.list(acme(), Optional.of(x.id().value()))).containsExactly(a, b);
        assertThat(app.promptService.list(acme(), Optional.of("ep_unknown"))).isEmpty();
        assertThat(app.promptService.list(acme(), Optional.of(""))).isEmpty();
    }

    @Test
    void givenAnotherTenantsPrompt_everyRoute_isNotFoundLikeAMissingOne() {
        Prompt theirs = app.promptService.create(globex(), newPrompt(Optional.empty(), "theirs"));
        app.promptService.createDraft(globex(), draft(theirs.id().value(), "{{anything}}"));
        String id = theirs.id().value();

        assertThatThrownBy(() -> app.promptService.get(acme(), id)).isInstanceOf(NotFoundException.class)
                .hasMessage("Prompt '" + id + "' not found");
        assertThatThrownBy(() -> app.promptService.update(acme(), rename(id, "mine")))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> app.promptService.createDraft(acme(), draft(id, "x")))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> app.promptService.listVersions(acme(), id)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> app.promptService.getVersion(acme(), id, 1)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> app.promptService.publish(acme(), id, 1)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> app.promptService.get(acme(), "not-a-uuid")).isInstanceOf(NotFoundException.class);
        assertThat(app.promptService.listVersions(globex(), id)).extracting(PromptVersion::status)
                .containsExactly(VersionStatus.DRAFT);
    }

    @Test
    void givenKeyWithoutManage_writes_are403AndReadsNeedReadOrManage() {
        Prompt prompt = app.promptService.create(acme(), newPrompt(Optional.empty(), "p"));
        var reader = caller(ACME, Scope.READ);
        var runner = caller(ACME, Scope.EXECUTE);

        assertThatThrownBy(() -> app.promptService.create(reader, newPrompt(Optional.empty(), "q")))
                .isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> app.promptService.createDraft(reader, draft(prompt.id().value(), "x")))
                .isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> app.promptService.publish(reader, prompt.id().value(), 1))
                .isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> app.promptService.get(runner, prompt.id().value()))
                .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("'read' or 'manage'");
        assertThat(app.promptService.get(reader, prompt.id().value())).isEqualTo(prompt);
    }

    @Test
    void givenSomeMetadata_update_changesOnlyItAndKeepsTheEndpoint() {
        Endpoint endpoint = app.endpoint("/x");
        Prompt prompt = app.prompt(endpoint, "before");
        app.clock.advance(Duration.ofSeconds(5));

        Prompt updated = app.promptService.update(acme(), new PromptChanges(prompt.id().value(),
                Optional.of("after"), Optional.of("Title"), Optional.empty(), Optional.of(List.of("a", "b")),
                Optional.empty()));

        assertThat(updated).isEqualTo(new Prompt(prompt.id(), ACME, Optional.of(endpoint.id()), "after", "Title", "",
                List.of("a", "b"), "", prompt.createdAt(), app.clock.now()));
        assertThat(app.prompts.find(ACME, prompt.id())).contains(updated);
    }

    @Test
    void givenDrafts_createDraft_numbersThemAndKeepsEveryField() {
        Prompt prompt = app.prompt(app.endpoint("/x"), "summarize");
        NewDraft command = new NewDraft(prompt.id().value(),
                new MessageTemplate(Optional.of("You summarise."), "Summarise {{text}} in {{max_length}} words"),
                "echo", Optional.of("local"), new ModelParameters(OptionalDouble.of(0.2), OptionalInt.of(100)),
                Optional.of(OUTPUT), List.of("local/other"));

        PromptVersion first = app.promptService.createDraft(acme(), command);
        PromptVersion second = app.promptService.createDraft(acme(), draft(prompt.id().value(), "{{text}}"));

        assertThat(first).isEqualTo(PromptVersion.draft(first.id(), prompt.id(), 1, command.template(), "echo",
                Optional.of("local"), command.parameters(), Optional.of(OUTPUT), List.of("local/other"),
                app.clock.now()));
        assertThat(second.number()).isEqualTo(2);
        assertThat(app.promptService.listVersions(acme(), prompt.id().value())).containsExactly(second, first);
        assertThat(app.promptService.getVersion(acme(), prompt.id().value(), 1)).isEqualTo(first);
    }

    @Test
    void givenVariableTheInputSchemaDoesNotDeclare_createDraft_is400NamingIt() {
        String prompt = app.prompt(app.endpoint("/x"), "summarize").id().value();

        assertThatThrownBy(() -> app.promptService.createDraft(acme(), draft(prompt, "Summarise {{txt}}")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).contains("user_template");
                    assertThat(e).hasMessage("Variable 'txt' in 'user_template' is not declared by the endpoint's "
                            + "input schema; it declares max_length, options, options.format, text");
                });
        NewDraft system = new NewDraft(prompt, new MessageTemplate(Optional.of("Tone: {{tone}}"), "{{text}}"),
                "echo", Optional.empty(), ModelParameters.DEFAULTS, Optional.empty(), List.of());
        assertThatThrownBy(() -> app.promptService.createDraft(acme(), system))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).contains("system_template"));
        assertThat(app.promptService.listVersions(acme(), prompt)).isEmpty();
    }

    @Test
    void givenNestedAndSectionVariablesTheSchemaDeclares_createDraft_acceptsThem() {
        String prompt = app.prompt(app.endpoint("/x"), "summarize").id().value();

        PromptVersion version = app.promptService.createDraft(acme(),
                draft(prompt, "{{text}}{{#options.format}} as {{options.format}}{{/options.format}}"));

        assertThat(version.number()).isEqualTo(1);
    }

    @Test
    void givenPromptOfNoEndpoint_createDraft_acceptsAnyVariable() {
        String prompt = app.promptService.create(acme(), newPrompt(Optional.empty(), "assistant")).id().value();

        PromptVersion version = app.promptService.createDraft(acme(), draft(prompt, "{{message}} {{whatever.you}}"));

        assertThat(version.template().user()).isEqualTo("{{message}} {{whatever.you}}");
    }

    @Test
    void givenTemplateThatDoesNotParse_createDraft_is400OnIt() {
        String prompt = app.promptService.create(acme(), newPrompt(Optional.empty(), "assistant")).id().value();

        assertThatThrownBy(() -> app.promptService.createDraft(acme(), draft(prompt, "Hello {{name")))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).contains("user_template"));
    }

    @Test
    void givenInvalidOutputSchema_createDraft_is400OnOutputSchema() {
        String prompt = app.promptService.create(acme(), newPrompt(Optional.empty(), "assistant")).id().value();
        NewDraft command = new NewDraft(prompt, new MessageTemplate(Optional.empty(), "hi"), "echo",
                Optional.empty(), ModelParameters.DEFAULTS, Optional.of(BROKEN), List.of());

        assertThatThrownBy(() -> app.promptService.createDraft(acme(), command))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).contains("output_schema");
                    assertThat(e).hasMessage("Unknown type 'nonsense'");
                });
    }

    @Test
    void givenModelsNoProviderServes_createDraft_is400OnTheFieldWithTheRoutersReason() {
        String prompt = app.promptService.create(acme(), newPrompt(Optional.empty(), "assistant")).id().value();

        assertThatThrownBy(() -> app.promptService.createDraft(acme(), withModel(prompt, "gpt-4o", Optional.empty(),
                List.of()))).isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).contains("model");
                    assertThat(e).hasMessageContaining("'gpt-4o'");
                });
        assertThatThrownBy(() -> app.promptService.createDraft(acme(), withModel(prompt, "echo",
                Optional.of("openai"), List.of()))).isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).contains("provider"));
        assertThatThrownBy(() -> app.promptService.createDraft(acme(), withModel(prompt, "echo", Optional.empty(),
                List.of("echo", "claude-3-5-haiku")))).isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).contains("fallback_models"));
        assertThat(app.promptService.listVersions(acme(), prompt)).isEmpty();
    }

    @Test
    void givenUnknownVersionNumber_getVersionAndPublish_areNotFound() {
        String prompt = app.promptService.create(acme(), newPrompt(Optional.empty(), "p")).id().value();
        app.promptService.createDraft(acme(), draft(prompt, "x"));

        assertThatThrownBy(() -> app.promptService.getVersion(acme(), prompt, 2)).isInstanceOf(NotFoundException.class)
                .hasMessage("Version 2 of prompt '" + prompt + "' not found");
        assertThatThrownBy(() -> app.promptService.publish(acme(), prompt, 0)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void givenDraft_publish_makesItLiveAndArchivesThePreviousLiveVersion() {
        String prompt = app.promptService.create(acme(), newPrompt(Optional.empty(), "p")).id().value();
        app.promptService.createDraft(acme(), draft(prompt, "one"));
        app.promptService.createDraft(acme(), draft(prompt, "two"));
        app.promptService.publish(acme(), prompt, 1);
        app.clock.advance(Duration.ofMinutes(1));

        PromptVersion live = app.promptService.publish(acme(), prompt, 2);

        assertThat(live.status()).isEqualTo(VersionStatus.LIVE);
        assertThat(live.publishedAt()).contains(app.clock.now());
        assertThat(app.promptService.listVersions(acme(), prompt)).extracting(PromptVersion::status)
                .containsExactly(VersionStatus.LIVE, VersionStatus.ARCHIVED);
    }

    @Test
    void givenVersionThatIsNotADraft_publish_isConflict() {
        String prompt = app.promptService.create(acme(), newPrompt(Optional.empty(), "p")).id().value();
        app.promptService.createDraft(acme(), draft(prompt, "one"));
        app.promptService.publish(acme(), prompt, 1);

        assertThatThrownBy(() -> app.promptService.publish(acme(), prompt, 1)).isInstanceOf(ConflictException.class)
                .hasMessage("Version 1 is live; only a draft can be published");
    }

    private static PromptChanges rename(String promptId, String name) {
        return new PromptChanges(promptId, Optional.of(name), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    private static NewDraft withModel(String prompt, String model, Optional<String> provider, List<String> fallbacks) {
        return new NewDraft(prompt, new MessageTemplate(Optional.empty(), "hi"), model, provider,
                ModelParameters.DEFAULTS, Optional.empty(), fallbacks);
    }
}
