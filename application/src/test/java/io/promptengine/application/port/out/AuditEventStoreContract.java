package io.promptengine.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promptengine.application.model.AuditCursor;
import io.promptengine.application.model.AuditEventPage;
import io.promptengine.application.model.AuditFilter;
import io.promptengine.domain.audit.Actor;
import io.promptengine.domain.audit.AuditAction;
import io.promptengine.domain.audit.AuditEvent;
import io.promptengine.domain.audit.TargetType;
import io.promptengine.domain.common.EndpointId;
import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.endpoint.EndpointPath;
import io.promptengine.domain.error.ConflictException;
import io.promptengine.domain.prompt.MessageTemplate;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.prompt.Prompt;
import io.promptengine.domain.prompt.PromptId;
import io.promptengine.domain.prompt.PromptVersion;
import io.promptengine.domain.prompt.PromptVersionId;
import io.promptengine.domain.ratelimit.Plan;
import io.promptengine.domain.ratelimit.RateLimitPolicy;
import io.promptengine.domain.schema.SchemaContract;
import io.promptengine.domain.tenant.ApiKey;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.ApiKeySecret;
import io.promptengine.domain.tenant.Scope;
import io.promptengine.domain.tenant.Tenant;
import io.promptengine.domain.tenant.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AuditEventStore} does, together with the stores that write its events: an event is stored with
 * the change it records, in the same transaction, and not when the change fails or changes nothing; listings are
 * newest first, filtered, scoped to a tenant and paged without gaps or repeats.
 */
public abstract class AuditEventStoreContract {

    private static final Instant AT = Instant.parse("2026-03-01T10:15:30.123456Z");
    private static final Tenant ACME = new Tenant(new TenantId("ten_acme"), "acme", "Acme", "free", true, AT);
    private static final Tenant GLOBEX = new Tenant(new TenantId("ten_globex"), "globex", "Globex", "free", true, AT);
    private static final SchemaContract INPUT = new SchemaContract("{\"type\":\"object\"}");

    /** The stores of one adapter, all over the same data. */
    public record Stores(AuditEventStore auditEvents, TenantStore tenants, PlanStore plans, ApiKeyStore apiKeys,
            EndpointStore endpoints, PromptStore prompts) {
    }

    /** New, empty stores; called before each test. */
    protected abstract Stores newStores();

    private Stores stores;
    private int sequence;

    @BeforeEach
    void createStores() {
        stores = newStores();
        sequence = 0;
    }

    @Test
    void givenChangeWithEvent_list_returnsTheEventAsWritten() {
        Map<String, String> after = new LinkedHashMap<>();
        after.put("slug", "acme");
        after.put("name", "Line one\nline two \\ and ünïcödé 😀");
        AuditEvent event = new AuditEvent("aud_full", Optional.of(ACME.id()), Actor.OPERATOR,
                AuditAction.TENANT_CREATED, ACME.id().value(), Map.of(), after, AT, Optional.of("req_full"));

        stores.tenants().insert(ACME, Optional.of(event));

        assertThat(all(Optional.empty())).containsExactly(event);
        assertThat(all(Optional.empty()).get(0).after().keySet()).containsExactly("slug", "name");
    }

    @Test
    void givenEventWithoutRequestOrTenant_list_keepsThemAbsent() {
        AuditEvent event = new AuditEvent("aud_plan", Optional.empty(), Actor.OPERATOR, AuditAction.PLAN_CREATED,
                "team", Map.of(), Map.of("requests_per_minute", "300"), AT, Optional.empty());

        stores.plans().insert(Plan.custom("team", RateLimitPolicy.requestsPerMinute(300)), Optional.of(event));

        assertThat(all(Optional.empty())).containsExactly(event);
        assertThat(all(Optional.of(ACME.id()))).isEmpty();
    }

    @Test
    void givenConflictingChanges_list_holdsNoEventOfThem() {
        stores.tenants().insert(ACME, Optional.of(event(ACME, AuditAction.TENANT_CREATED, ACME.id().value())));
        Tenant sameSlug = new Tenant(new TenantId("ten_copy"), "acme", "Copy", "free", true, AT);
        stores.plans().insert(Plan.custom("team", RateLimitPolicy.requestsPerMinute(5)));

        assertThatThrownBy(() -> stores.tenants().insert(sameSlug,
                Optional.of(event(sameSlug, AuditAction.TENANT_CREATED, "ten_copy"))))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> stores.plans().insert(Plan.custom("team", RateLimitPolicy.requestsPerMinute(9)),
                Optional.of(event(ACME, AuditAction.PLAN_CREATED, "team"))))
                .isInstanceOf(ConflictException.class);
        stores.endpoints().insert(endpoint("ep_1", "/one"));
        assertThatThrownBy(() -> stores.endpoints().insert(endpoint("ep_2", "/one"),
                Optional.of(event(ACME, AuditAction.ENDPOINT_CREATED, "ep_2"))))
                .isInstanceOf(ConflictException.class);

        assertThat(all(Optional.empty())).extracting(AuditEvent::targetId).containsExactly(ACME.id().value());
    }

    @Test
    void givenKeyRevokedTwice_list_holdsOneRevocation() {
        stores.tenants().insert(ACME);
        ApiKey key = ApiKey.issue(new ApiKeyId("key_1"), ACME.id(), "ci", ApiKeySecret.of("pe_live_audit-one"),
                EnumSet.of(Scope.MANAGE), AT, Optional.empty());
        stores.apiKeys().insert(key, Optional.of(event(ACME, AuditAction.API_KEY_CREATED, "key_1")));

        stores.apiKeys().revoke(ACME.id(), key.id(), AT, Optional.of(event(ACME, AuditAction.API_KEY_REVOKED, "key_1")));
        stores.apiKeys().revoke(ACME.id(), key.id(), AT, Optional.of(event(ACME, AuditAction.API_KEY_REVOKED, "key_1")));
        stores.apiKeys().revoke(GLOBEX.id(), key.id(), AT,
                Optional.of(event(GLOBEX, AuditAction.API_KEY_REVOKED, "key_1")));
        stores.apiKeys().revoke(ACME.id(), new ApiKeyId("key_none"), AT,
                Optional.of(event(ACME, AuditAction.API_KEY_REVOKED, "key_none")));

        assertThat(all(Optional.empty())).extracting(AuditEvent::action)
                .containsExactlyInAnyOrder(AuditAction.API_KEY_CREATED, AuditAction.API_KEY_REVOKED);
    }

    @Test
    void givenEndpointChangedAndDeleted_list_holdsEachChangeOnceAndNothingForAMissingOne() {
        stores.tenants().insert(ACME);
        Endpoint endpoint = endpoint("ep_1", "/one");
        stores.endpoints().insert(endpoint, Optional.of(event(ACME, AuditAction.ENDPOINT_CREATED, "ep_1")));
        stores.endpoints().update(endpoint.revise(new EndpointPath("/two"), "moved", INPUT, Optional.empty(),
                endpoint.timeout(), endpoint.cacheTtl(), AT.plusSeconds(1)),
                Optional.of(event(ACME, AuditAction.ENDPOINT_UPDATED, "ep_1")));

        stores.endpoints().delete(ACME.id(), endpoint.id(), Optional.of(event(ACME, AuditAction.ENDPOINT_DELETED,
                "ep_1")));
        stores.endpoints().delete(ACME.id(), endpoint.id(), Optional.of(event(ACME, AuditAction.ENDPOINT_DELETED,
                "ep_1")));

        assertThat(all(Optional.empty())).extracting(AuditEvent::action).containsExactlyInAnyOrder(
                AuditAction.ENDPOINT_CREATED, AuditAction.ENDPOINT_UPDATED, AuditAction.ENDPOINT_DELETED);
    }

    @Test
    void givenPublication_list_holdsTheEventsMadeFromTheArchivedVersion() {
        stores.tenants().insert(ACME);
        Prompt prompt = new Prompt(new PromptId("11111111-1111-4111-8111-111111111111"), ACME.id(),
                Optional.empty(), "summarize", "", "", List.of(), "", AT, AT);
        stores.prompts().insert(prompt, Optional.of(event(ACME, AuditAction.PROMPT_CREATED, prompt.id().value())));
        PromptVersion first = stores.prompts().insertDraft(draft("pv_1", prompt),
                numbered -> Optional.of(event(ACME, AuditAction.PROMPT_VERSION_CREATED, "pv_1")));
        PromptVersion second = stores.prompts().insertDraft(draft("pv_2", prompt));
        List<Optional<PromptVersion>> seen = new ArrayList<>();

        stores.prompts().publish(prompt.id(), first.id(), AT, archived -> {
            seen.add(archived);
            return List.of(event(ACME, AuditAction.PROMPT_VERSION_PUBLISHED, "pv_1"));
        });
        stores.prompts().publish(prompt.id(), second.id(), AT, archived -> {
            seen.add(archived);
            return List.of(event(ACME, AuditAction.PROMPT_VERSION_PUBLISHED, "pv_2"),
                    event(ACME, AuditAction.PROMPT_VERSION_ARCHIVED, archived.orElseThrow().id().value()));
        });
        assertThatThrownBy(() -> stores.prompts().publish(prompt.id(), first.id(), AT,
                archived -> List.of(event(ACME, AuditAction.PROMPT_VERSION_PUBLISHED, "pv_1"))))
                .isInstanceOf(ConflictException.class);

        assertThat(seen.get(0)).isEmpty();
        assertThat(seen.get(1)).map(PromptVersion::id).contains(first.id());
        assertThat(stores.auditEvents().list(Optional.empty(), filter(AuditAction.PROMPT_VERSION_PUBLISHED),
                Optional.empty(), 10).items()).extracting(AuditEvent::targetId).containsExactlyInAnyOrder("pv_1", "pv_2");
        assertThat(stores.auditEvents().list(Optional.empty(), filter(AuditAction.PROMPT_VERSION_ARCHIVED),
                Optional.empty(), 10).items()).extracting(AuditEvent::targetId).containsExactly("pv_1");
    }

    @Test
    void givenEventsOfTwoTenants_listOfOne_holdsItsOwnOnly() {
        stores.tenants().insert(ACME, Optional.of(event(ACME, AuditAction.TENANT_CREATED, ACME.id().value())));
        stores.tenants().insert(GLOBEX, Optional.of(event(GLOBEX, AuditAction.TENANT_CREATED, GLOBEX.id().value())));

        assertThat(all(Optional.of(ACME.id()))).extracting(AuditEvent::targetId).containsExactly("ten_acme");
        assertThat(all(Optional.of(GLOBEX.id()))).extracting(AuditEvent::targetId).containsExactly("ten_globex");
        assertThat(all(Optional.empty())).hasSize(2);
    }

    @Test
    void givenEventsAtEqualAndDifferentTimes_pages_walkEveryEventNewestFirstOnce() {
        stores.tenants().insert(ACME);
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            Instant at = AT.plusSeconds(i / 4);
            String id = "aud_%03d".formatted(i);
            Plan plan = Plan.custom("plan-" + i, RateLimitPolicy.requestsPerMinute(1 + i));
            stores.plans().insert(plan, Optional.of(new AuditEvent(id, Optional.of(ACME.id()), Actor.OPERATOR,
                    AuditAction.PLAN_CREATED, plan.name(), Map.of(), Map.of(), at, Optional.empty())));
            written.add(0, id);
        }

        List<String> walked = new ArrayList<>();
        Optional<AuditCursor> cursor = Optional.empty();
        do {
            AuditEventPage page = stores.auditEvents().list(Optional.of(ACME.id()), AuditFilter.NONE, cursor, 5);
            page.items().forEach(event -> walked.add(event.id()));
            cursor = page.next().map(next -> AuditCursor.decode(next.encode()));
        } while (cursor.isPresent());

        assertThat(walked).containsExactlyElementsOf(written);
        assertThat(new HashSet<>(walked)).hasSize(23);
    }

    @Test
    void givenFilters_list_holdsOnlyTheEventsMatchingAll() {
        stores.tenants().insert(ACME);
        ApiKey key = ApiKey.issue(new ApiKeyId("key_1"), ACME.id(), "ci", ApiKeySecret.of("pe_live_audit-two"),
                EnumSet.of(Scope.MANAGE), AT, Optional.empty());
        Actor byKey = Actor.apiKey(key.id());
        stores.apiKeys().insert(key, Optional.of(new AuditEvent("aud_a", Optional.of(ACME.id()), byKey,
                AuditAction.API_KEY_CREATED, "key_1", Map.of(), Map.of(), AT, Optional.of("req_a"))));
        stores.endpoints().insert(endpoint("ep_1", "/one"), Optional.of(new AuditEvent("aud_b",
                Optional.of(ACME.id()), byKey, AuditAction.ENDPOINT_CREATED, "ep_1", Map.of(), Map.of(),
                AT.plusSeconds(10), Optional.of("req_b"))));
        stores.endpoints().insert(endpoint("ep_2", "/two"), Optional.of(new AuditEvent("aud_c",
                Optional.of(ACME.id()), Actor.OPERATOR, AuditAction.ENDPOINT_CREATED, "ep_2", Map.of(), Map.of(),
                AT.plusSeconds(20), Optional.of("req_c"))));

        assertThat(ids(filter(AuditAction.ENDPOINT_CREATED))).containsExactly("aud_c", "aud_b");
        assertThat(ids(new AuditFilter(Optional.empty(), Optional.of(TargetType.API_KEY), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty()))).containsExactly("aud_a");
        assertThat(ids(new AuditFilter(Optional.empty(), Optional.empty(), Optional.of("ep_2"), Optional.empty(),
                Optional.empty(), Optional.empty()))).containsExactly("aud_c");
        assertThat(ids(new AuditFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(byKey),
                Optional.empty(), Optional.empty()))).containsExactly("aud_b", "aud_a");
        assertThat(ids(new AuditFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(AT.plusSeconds(10)), Optional.of(AT.plusSeconds(20))))).containsExactly("aud_b");
        assertThat(ids(new AuditFilter(Optional.of(AuditAction.ENDPOINT_CREATED), Optional.empty(),
                Optional.empty(), Optional.of(Actor.OPERATOR), Optional.empty(), Optional.empty())))
                .containsExactly("aud_c");
    }

    private List<AuditEvent> all(Optional<TenantId> tenant) {
        return stores.auditEvents().list(tenant, AuditFilter.NONE, Optional.empty(), 100).items();
    }

    private List<String> ids(AuditFilter filter) {
        return stores.auditEvents().list(Optional.of(ACME.id()), filter, Optional.empty(), 100).items().stream()
                .map(AuditEvent::id).toList();
    }

    private static AuditFilter filter(AuditAction action) {
        return new AuditFilter(Optional.of(action), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /** A new event of the operator's, each with an id of its own, a second after the one before. */
    private AuditEvent event(Tenant tenant, AuditAction action, String targetId) {
        sequence++;
        return new AuditEvent("aud_" + sequence, Optional.of(tenant.id()), Actor.OPERATOR, action, targetId,
                Map.of(), Map.of(), AT.plusSeconds(sequence), Optional.of("req_" + sequence));
    }

    private static Endpoint endpoint(String id, String path) {
        return new Endpoint(new EndpointId(id), ACME.id(), new EndpointPath(path), "", INPUT, Optional.empty(),
                Optional.empty(), Endpoint.DEFAULT_TIMEOUT, Duration.ZERO, AT, AT);
    }

    private static PromptVersion draft(String id, Prompt prompt) {
        return PromptVersion.draft(new PromptVersionId(id), prompt.id(), 1, new MessageTemplate(Optional.empty(),
                "Summarise {{text}}"), "echo", Optional.empty(), ModelParameters.DEFAULTS, Optional.empty(),
                List.of(), AT);
    }

}
