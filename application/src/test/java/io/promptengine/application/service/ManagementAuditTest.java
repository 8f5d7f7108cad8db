package io.promptengine.application.service;

import static io.promptengine.application.service.Definitions.ACME;
import static io.promptengine.application.service.Definitions.acme;
import static io.promptengine.application.service.Definitions.caller;
import static io.promptengine.application.service.Definitions.draft;
import static io.promptengine.application.service.Definitions.newPrompt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.application.fakes.FakeClock;
import io.promptengine.application.fakes.InMemoryApiKeyStore;
import io.promptengine.application.fakes.InMemoryAuditEventStore;
import io.promptengine.application.fakes.InMemoryPlanStore;
import io.promptengine.application.fakes.InMemoryTenantStore;
import io.promptengine.application.fakes.SequentialIdGenerator;
import io.promptengine.application.model.AuditFilter;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.CreateTenantCommand;
import io.promptengine.application.port.in.EndpointChanges;
import io.promptengine.application.port.in.IssuedApiKey;
import io.promptengine.application.port.in.ListAuditEventsQuery;
import io.promptengine.application.port.in.NewApiKey;
import io.promptengine.application.port.in.Operator;
import io.promptengine.application.port.in.Patch;
import io.promptengine.application.port.in.UpdateTenantCommand;
import io.promptengine.domain.audit.Actor;
import io.promptengine.domain.audit.AuditAction;
import io.promptengine.domain.audit.AuditEvent;
import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.error.PermissionDeniedException;
import io.promptengine.domain.prompt.Prompt;
import io.promptengine.domain.tenant.Scope;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the managing services record in the audit trail: one event per change, with the changed fields only. */
class ManagementAuditTest {

    private final FakeClock clock = new FakeClock();
    private final SequentialIdGenerator ids = new SequentialIdGenerator();
    private final InMemoryAuditEventStore audit = new InMemoryAuditEventStore();
    private final InMemoryApiKeyStore keys = new InMemoryApiKeyStore(audit);
    private final InMemoryTenantStore tenantStore = new InMemoryTenantStore(audit);
    private final AuditTrail trail = new AuditTrail(ids, clock);
    private final KeyIssuer issuer = new KeyIssuer(keys, ids, clock, new SecureRandom());
    private final ApiKeyService apiKeys = new ApiKeyService(keys, issuer, trail, clock);
    private final TenantService tenants = new TenantService(tenantStore, new InMemoryPlanStore(audit), issuer, ids,
            clock, trail);
    private final AuditEventService reader = new AuditEventService(audit);

    @Test
    void givenKeyCreatedInARequest_create_recordsTheKeyAsActorAndNoSecret() {
        Caller caller = caller(ACME, Scope.MANAGE).inRequest("req_create");

        IssuedApiKey issued = apiKeys.create(caller, new NewApiKey("ci", Set.of(Scope.READ, Scope.EXECUTE),
                Optional.empty(), OptionalInt.of(5)));

        AuditEvent event = audit.all().get(0);
        assertThat(audit.all()).hasSize(1);
        assertThat(event.action()).isEqualTo(AuditAction.API_KEY_CREATED);
        assertThat(event.actor()).isEqualTo(Actor.apiKey(caller.apiKeyId()));
        assertThat(event.tenant()).contains(ACME);
        assertThat(event.targetId()).isEqualTo(issued.key().id().value());
        assertThat(event.requestId()).contains("req_create");
        assertThat(event.after()).containsEntry("scopes", "execute, read").containsEntry("requests_per_minute", "5");
        assertThat(event.toString()).doesNotContain(issued.secret().reveal()).doesNotContain(issued.key().secretHash());
    }

    @Test
    void givenKeyRevokedTwice_revoke_recordsOneRevocation() {
        Caller caller = caller(ACME, Scope.MANAGE);
        String id = apiKeys.create(caller, new NewApiKey("ci", Set.of(Scope.READ), Optional.empty(),
                OptionalInt.empty())).key().id().value();

        apiKeys.revoke(caller, id);
        apiKeys.revoke(caller, id);

        assertThat(audit.all()).extracting(AuditEvent::action)
                .containsExactly(AuditAction.API_KEY_CREATED, AuditAction.API_KEY_REVOKED);
    }

    @Test
    void givenTenantChanges_update_recordsEachAsItsActionAndNothingForNoChange() {
        Operator operator = Operator.overHttp("req_op");
        String slug = tenants.create(operator, new CreateTenantCommand("acme", "Acme", "free")).slug();

        tenants.update(operator, new UpdateTenantCommand(slug, Optional.of("pro"), Optional.empty()));
        tenants.update(operator, new UpdateTenantCommand(slug, Optional.empty(), Optional.of(false)));
        tenants.update(operator, new UpdateTenantCommand(slug, Optional.empty(), Optional.of(false)));
        tenants.update(operator, new UpdateTenantCommand(slug, Optional.empty(), Optional.of(true)));

        assertThat(audit.all()).extracting(AuditEvent::action).containsExactly(AuditAction.TENANT_CREATED,
                AuditAction.TENANT_UPDATED, AuditAction.TENANT_DEACTIVATED, AuditAction.TENANT_REACTIVATED);
        AuditEvent moved = audit.all().get(1);
        assertThat(moved.before()).isEqualTo(Map.of("plan", "free"));
        assertThat(moved.after()).isEqualTo(Map.of("plan", "pro"));
        assertThat(moved.actor()).isEqualTo(Actor.OPERATOR);
        assertThat(moved.requestId()).contains("req_op");
    }

    @Test
    void givenEndpointUpdate_update_recordsOnlyTheChangedFields() {
        Definitions app = new Definitions();
        Endpoint endpoint = app.endpoint("/x");

        app.endpointService.update(acme(), new EndpointChanges(endpoint.id().value(), Optional.empty(),
                Optional.of("described"), Optional.empty(), Patch.keep(), Patch.keep(), Optional.empty(),
                Optional.empty()));

        AuditEvent updated = app.audit.all().get(1);
        assertThat(updated.action()).isEqualTo(AuditAction.ENDPOINT_UPDATED);
        assertThat(updated.before()).isEqualTo(Map.of("description", ""));
        assertThat(updated.after()).isEqualTo(Map.of("description", "described"));
    }

    @Test
    void givenPublicationOverALiveVersion_publish_recordsThePublishedAndTheArchivedVersion() {
        Definitions app = new Definitions();
        Prompt prompt = app.promptService.create(acme(), newPrompt(Optional.empty(), "p"));
        String first = app.promptService.createDraft(acme(), draft(prompt.id().value(), "{{text}}")).id().value();
        String second = app.promptService.createDraft(acme(), draft(prompt.id().value(), "{{text}}!")).id().value();
        app.promptService.publish(acme(), prompt.id().value(), 1);

        app.promptService.publish(acme(), prompt.id().value(), 2);

        assertThat(app.audit.all()).extracting(event -> event.action().wireName() + " " + event.targetId())
                .containsExactly("prompt.created " + prompt.id().value(), "prompt.version.created " + first,
                        "prompt.version.created " + second, "prompt.version.published " + first,
                        "prompt.version.published " + second, "prompt.version.archived " + first);
    }

    @Test
    void givenSecondDraft_createDraft_recordsTheNumberTheStoreGaveIt() {
        Definitions app = new Definitions();
        Prompt prompt = app.promptService.create(acme(), newPrompt(Optional.empty(), "p"));
        app.promptService.createDraft(acme(), draft(prompt.id().value(), "{{text}}"));

        app.promptService.createDraft(acme(), draft(prompt.id().value(), "{{text}}!"));

        AuditEvent created = app.audit.all().get(2);
        assertThat(created.action()).isEqualTo(AuditAction.PROMPT_VERSION_CREATED);
        assertThat(created.after()).containsEntry("version", "2").containsEntry("prompt_id", prompt.id().value());
    }

    @Test
    void givenEndpointWithoutDefault_createPromptOnIt_recordsTheEndpointGainingItsDefault() {
        Definitions app = new Definitions();
        Endpoint endpoint = app.endpoint("/x");

        Prompt prompt = app.promptService.create(acme(), newPrompt(Optional.of(endpoint.id().value()), "p"));
        app.promptService.create(acme(), newPrompt(Optional.of(endpoint.id().value()), "q"));

        assertThat(app.audit.all()).extracting(event -> event.action().wireName() + " " + event.targetId())
                .containsExactly("endpoint.created " + endpoint.id().value(), "prompt.created " + prompt.id().value(),
                        "endpoint.updated " + endpoint.id().value(),
                        "prompt.created " + app.audit.all().get(3).targetId());
        AuditEvent gained = app.audit.all().get(2);
        assertThat(gained.before()).isEqualTo(Map.of("default_prompt_id", "none"));
        assertThat(gained.after()).isEqualTo(Map.of("default_prompt_id", prompt.id().value()));
        assertThat(gained.actor()).isEqualTo(app.audit.all().get(1).actor()).isNotEqualTo(Actor.OPERATOR);
    }

    @Test
    void givenTenantKey_list_refusesNamingATenantAndAKeyWithoutManage() {
        ListAuditEventsQuery naming = new ListAuditEventsQuery(Optional.of("ten_other"), AuditFilter.NONE,
                Optional.empty(), 10);
        ListAuditEventsQuery own = new ListAuditEventsQuery(Optional.empty(), AuditFilter.NONE, Optional.empty(), 10);

        assertThatThrownBy(() -> reader.list(caller(ACME, Scope.MANAGE), naming))
                .isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> reader.list(caller(ACME, Scope.READ, Scope.EXECUTE), own))
                .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("'manage'");
    }
}
