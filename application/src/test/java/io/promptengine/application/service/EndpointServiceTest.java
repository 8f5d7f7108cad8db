package io.promptengine.application.service;

import static io.promptengine.application.service.Definitions.ACME;
import static io.promptengine.application.service.Definitions.BROKEN;
import static io.promptengine.application.service.Definitions.INPUT;
import static io.promptengine.application.service.Definitions.OUTPUT;
import static io.promptengine.application.service.Definitions.acme;
import static io.promptengine.application.service.Definitions.caller;
import static io.promptengine.application.service.Definitions.draft;
import static io.promptengine.application.service.Definitions.globex;
import static io.promptengine.application.service.Definitions.newEndpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.application.port.in.EndpointChanges;
import io.promptengine.application.port.in.NewEndpoint;
import io.promptengine.application.port.in.Patch;
import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.endpoint.EndpointPath;
import io.promptengine.domain.error.ConflictException;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.error.NotFoundException;
import io.promptengine.domain.error.PermissionDeniedException;
import io.promptengine.domain.prompt.Prompt;
import io.promptengine.domain.prompt.PromptVersion;
import io.promptengine.domain.schema.SchemaContract;
import io.promptengine.domain.tenant.Scope;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointServiceTest {

    private final Definitions app = new Definitions();

    @Test
    void givenManageScope_create_storesTheEndpointWithoutADefaultPrompt() {
        NewEndpoint command = new NewEndpoint(new EndpointPath("/api/v1/summarize"), "Summaries", INPUT,
                Optional.of(OUTPUT), Duration.ofSeconds(30), Duration.ofMinutes(5));

        Endpoint created = app.endpointService.create(acme(), command);

        assertThat(created.id().value()).isEqualTo("ep_000001");
        assertThat(created.tenantId()).isEqualTo(ACME);
        assertThat(created.outputSchema()).contains(OUTPUT);
        assertThat(created.defaultPrompt()).isEmpty();
        assertThat(created.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(created.createdAt()).isEqualTo(app.clock.now());
        assertThat(app.endpoints.find(ACME, created.id())).contains(created);
    }

    @Test
    void givenInvalidInputSchema_create_is400OnInputSchemaAndStoresNothing() {
        NewEndpoint command = new NewEndpoint(new EndpointPath("/x"), "", BROKEN, Optional.empty(),
                Endpoint.DEFAULT_TIMEOUT, Duration.ZERO);

        assertThatThrownBy(() -> app.endpointService.create(acme(), command))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).contains("input_schema");
                    assertThat(e).hasMessage("Unknown type 'nonsense'");
                });
        assertThat(app.endpoints.list(ACME)).isEmpty();
    }

    @Test
    void givenInvalidOutputSchema_create_is400OnOutputSchema() {
        NewEndpoint command = new NewEndpoint(new EndpointPath("/x"), "", INPUT, Optional.of(BROKEN),
                Endpoint.DEFAULT_TIMEOUT, Duration.ZERO);

        assertThatThrownBy(() -> app.endpointService.create(acme(), command))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).contains("output_schema"));
        assertThat(app.endpoints.list(ACME)).isEmpty();
    }

    @Test
    void givenTakenPath_create_isConflict() {
        app.endpoint("/api/v1/summarize");

        assertThatThrownBy(() -> app.endpointService.create(acme(), newEndpoint("/api/v1/summarize")))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void givenReadOrExecuteKey_writes_are403NamingManage() {
        Endpoint endpoint = app.endpoint("/x");
        var reader = caller(ACME, Scope.READ, Scope.EXECUTE);

        assertThatThrownBy(() -> app.endpointService.create(reader, newEndpoint("/y")))
                .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("'manage'");
        assertThatThrownBy(() -> app.endpointService.update(reader, describe(endpoint, "new")))
                .isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> app.endpointService.delete(reader, endpoint.id().value()))
                .isInstanceOf(PermissionDeniedException.class);
        assertThat(app.endpoints.list(ACME)).containsExactly(endpoint);
    }

    @Test
    void givenReadOrManageKey_reads_succeedButAnExecuteOnlyKeyIsRefused() {
        Endpoint endpoint = app.endpoint("/x");

        assertThat(app.endpointService.list(caller(ACME, Scope.READ))).containsExactly(endpoint);
        assertThat(app.endpointService.get(caller(ACME, Scope.MANAGE), endpoint.id().value())).isEqualTo(endpoint);
        assertThatThrownBy(() -> app.endpointService.list(caller(ACME, Scope.EXECUTE)))
                .isInstanceOf(PermissionDeniedException.class);
    }

    @Test
    void givenAnotherTenantsEndpoint_everyRoute_isNotFoundLikeAMissingOne() {
        Endpoint theirs = app.endpointService.create(globex(), newEndpoint("/theirs"));
        String id = theirs.id().value();

        assertThat(app.endpointService.list(acme())).isEmpty();
        assertThatThrownBy(() -> app.endpointService.get(acme(), id)).isInstanceOf(NotFoundException.class)
                .hasMessage("Endpoint '" + id + "' not found");
        assertThatThrownBy(() -> app.endpointService.update(acme(), describe(theirs, "mine now")))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> app.endpointService.delete(acme(), id)).isInstanceOf(NotFoundException.class);
        assertThat(app.endpointService.get(globex(), id)).isEqualTo(theirs);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "ep_0000000000000000000000000000000000000000000000000000000000000000000"})
    void givenIdNoEndpointCanHave_get_isNotFound(String id) {
        assertThatThrownBy(() -> app.endpointService.get(acme(), id)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void givenEndpoint_describe_addsTheSchemaAdaptersExampleOfItsInput() {
        app.schemas.exampleOf(INPUT, "{\"text\":\"Example text\"}");
        Endpoint endpoint = app.endpoint("/x");

        var described = app.endpointService.describe(caller(ACME, Scope.READ), endpoint.id().value());

        assertThat(described.endpoint()).isEqualTo(endpoint);
        assertThat(described.exampleInput()).isEqualTo("{\"text\":\"Example text\"}");
        assertThatThrownBy(() -> app.endpointService.describe(globex(), endpoint.id().value()))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void givenSomeFields_update_changesOnlyThemAndTheUpdateTime() {
        Endpoint endpoint = app.endpointService.create(acme(), new NewEndpoint(new EndpointPath("/x"), "old", INPUT,
                Optional.of(OUTPUT), Duration.ofSeconds(30), Duration.ofSeconds(10)));
        app.clock.advance(Duration.ofMinutes(1));

        Endpoint updated = app.endpointService.update(acme(), new EndpointChanges(endpoint.id().value(),
                Optional.of(new EndpointPath("/y")), Optional.empty(), Optional.empty(), Patch.clear(), Patch.keep(),
                Optional.of(Duration.ofSeconds(5)), Optional.empty()));

        assertThat(updated).isEqualTo(new Endpoint(endpoint.id(), ACME, new EndpointPath("/y"), "old", INPUT,
                Optional.empty(), Optional.empty(), Duration.ofSeconds(5), Duration.ofSeconds(10),
                endpoint.createdAt(), app.clock.now()));
        assertThat(app.endpoints.find(ACME, endpoint.id())).contains(updated);
    }

    @Test
    void givenInvalidOutputSchema_update_is400AndChangesNothing() {
        Endpoint endpoint = app.endpoint("/x");

        assertThatThrownBy(() -> app.endpointService.update(acme(), new EndpointChanges(endpoint.id().value(),
                Optional.empty(), Optional.empty(), Optional.empty(), Patch.set(BROKEN), Patch.keep(),
                Optional.empty(), Optional.empty())))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).contains("output_schema"));
        assertThat(app.endpoints.find(ACME, endpoint.id())).contains(endpoint);
    }

    @Test
    void givenOwnPrompt_update_makesItTheDefaultAndCanClearIt() {
        Endpoint endpoint = app.endpoint("/x");
        app.prompt(endpoint, "first");
        Prompt second = app.prompt(endpoint, "second");

        Endpoint updated = app.endpointService.update(acme(), defaultPrompt(endpoint, Patch.set(second.id().value())));
        Endpoint cleared = app.endpointService.update(acme(), defaultPrompt(endpoint, Patch.clear()));

        assertThat(updated.defaultPrompt()).contains(second.id());
        assertThat(cleared.defaultPrompt()).isEmpty();
    }

    @Test
    void givenPromptThatIsNotTheEndpointsOwn_update_is400OnDefaultPromptId() {
        Endpoint endpoint = app.endpoint("/x");
        Prompt elsewhere = app.prompt(app.endpoint("/y"), "elsewhere");
        Prompt loose = app.promptService.create(acme(), Definitions.newPrompt(Optional.empty(), "loose"));
        Prompt theirs = app.promptService.create(globex(), Definitions.newPrompt(Optional.empty(), "theirs"));

        for (String promptId : new String[] {elsewhere.id().value(), loose.id().value(), theirs.id().value(),
            "not-a-uuid"}) {
            assertThatThrownBy(() -> app.endpointService.update(acme(), defaultPrompt(endpoint, Patch.set(promptId))))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                        assertThat(e.field()).contains("default_prompt_id");
                        assertThat(e).hasMessage("Prompt '" + promptId + "' is not a prompt of this endpoint");
                    });
        }
        assertThat(app.endpoints.find(ACME, endpoint.id()).orElseThrow().defaultPrompt()).isEmpty();
    }

    @Test
    void givenInputSchemaWithoutAVariableADraftUses_update_is400NamingTheVariableAndPrompt() {
        Endpoint endpoint = app.endpoint("/x");
        Prompt prompt = app.prompt(endpoint, "summarize");
        app.promptService.createDraft(acme(), draft(prompt.id().value(), "Summarise {{text}} in {{max_length}}"));
        SchemaContract textOnly = new SchemaContract("{\"title\":\"text only\"}");
        app.schemas.declare(textOnly, "text");

        assertThatThrownBy(() -> app.endpointService.update(acme(), inputSchema(endpoint, textOnly)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).contains("input_schema");
                    assertThat(e).hasMessage("The input schema does not declare 'max_length', which version 1 of "
                            + "prompt 'summarize' uses");
                });
        assertThat(app.endpoints.find(ACME, endpoint.id()).orElseThrow().inputSchema()).isEqualTo(INPUT);
    }

    @Test
    void givenInputSchemaWithoutAVariableOnlyAnArchivedVersionUses_update_acceptsIt() {
        Endpoint endpoint = app.endpoint("/x");
        String prompt = app.prompt(endpoint, "summarize").id().value();
        app.promptService.createDraft(acme(), draft(prompt, "{{text}} in {{max_length}}"));
        app.promptService.publish(acme(), prompt, 1);
        app.promptService.createDraft(acme(), draft(prompt, "{{text}}"));
        app.promptService.publish(acme(), prompt, 2);
        SchemaContract textOnly = new SchemaContract("{\"title\":\"text only\"}");
        app.schemas.declare(textOnly, "text");

        Endpoint updated = app.endpointService.update(acme(), inputSchema(endpoint, textOnly));

        assertThat(updated.inputSchema()).isEqualTo(textOnly);
    }

    @Test
    void givenEndpointWithPrompts_delete_returnsItAndDeletesThemToo() {
        Endpoint endpoint = app.endpoint("/x");
        Prompt prompt = app.prompt(endpoint, "summarize");
        PromptVersion version = app.promptService.createDraft(acme(), draft(prompt.id().value(), "{{text}}"));

        Endpoint deleted = app.endpointService.delete(acme(), endpoint.id().value());

        assertThat(deleted.id()).isEqualTo(endpoint.id());
        assertThat(app.endpoints.list(ACME)).isEmpty();
        assertThat(app.prompts.find(ACME, prompt.id())).isEmpty();
        assertThat(app.prompts.findVersion(prompt.id(), version.id())).isEmpty();
        assertThatThrownBy(() -> app.endpointService.delete(acme(), endpoint.id().value()))
                .isInstanceOf(NotFoundException.class);
    }

    private static EndpointChanges describe(Endpoint endpoint, String description) {
        return new EndpointChanges(endpoint.id().value(), Optional.empty(), Optional.of(description), Optional.empty(),
                Patch.keep(), Patch.keep(), Optional.empty(), Optional.empty());
    }

    private static EndpointChanges defaultPrompt(Endpoint endpoint, Patch<String> prompt) {
        return new EndpointChanges(endpoint.id().value(), Optional.empty(), Optional.empty(), Optional.empty(),
                Patch.keep(), prompt, Optional.empty(), Optional.empty());
    }

    private static EndpointChanges inputSchema(Endpoint endpoint, SchemaContract schema) {
        return new EndpointChanges(endpoint.id().value(), Optional.empty(), Optional.empty(), Optional.of(schema),
                Patch.keep(), Patch.keep(), Optional.empty(), Optional.empty());
    }
}
