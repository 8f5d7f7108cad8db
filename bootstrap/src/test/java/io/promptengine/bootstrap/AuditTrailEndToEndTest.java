package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The audit trail over real HTTP and a real database: each management change leaves exactly one event naming its
 * actor, target, changed fields and request; a tenant sees its own events only, the operator every tenant's; a
 * failed change leaves none.
 */
class AuditTrailEndToEndTest {

    private static final String INPUT = "{\"type\":\"object\",\"required\":[\"text\"],\"properties\":{"
            + "\"text\":{\"type\":\"string\"}}}";
    private static final AtomicInteger TENANTS = new AtomicInteger();

    private static RunningApp app;

    @BeforeAll
    static void start() {
        app = RunningApp.start();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void givenEveryTenantManagementChange_eachLeavesOneEventWithItsActorTargetSummaryAndRequest() {
        Tenant acme = tenant();
        Api api = acme.manager;

        Api.Reply key = api.send(api.jsonPost("/v1/api-keys", "{\"name\":\"ci\",\"scopes\":[\"execute\"]}")
                .header("X-Request-Id", "e2e-audit-key-" + acme.slug).build());
        String keyId = key.json().path("id").asString();
        Api.Reply revoked = api.delete("/v1/api-keys/" + keyId);
        Api.Reply endpoint = api.post("/v1/endpoints", "{\"path\":\"/api/v1/audited\",\"input_schema\":" + INPUT
                + "}");
        String endpointId = endpoint.json().path("id").asString();
        Api.Reply endpointChanged = api.patch("/v1/endpoints/" + endpointId, "{\"description\":\"Now described\"}");
        Api.Reply prompt = api.post("/v1/prompts", "{\"name\":\"summarize\",\"endpoint_id\":\"" + endpointId
                + "\"}");
        String promptId = prompt.json().path("id").asString();
        Api.Reply promptChanged = api.patch("/v1/prompts/" + promptId, "{\"title\":\"Summary\"}");
        Api.Reply first = api.post("/v1/prompts/" + promptId + "/versions",
                "{\"user_template\":\"{{text}}\",\"model\":\"echo\"}");
        Api.Reply second = api.post("/v1/prompts/" + promptId + "/versions",
                "{\"user_template\":\"Again {{text}}\",\"model\":\"echo\"}");
        Api.Reply publishFirst = api.post("/v1/prompts/" + promptId + "/versions/1/publish", "{}");
        Api.Reply publishSecond = api.post("/v1/prompts/" + promptId + "/versions/2/publish", "{}");
        Api.Reply deleted = api.delete("/v1/endpoints/" + endpointId);
        String firstId = first.json().path("id").asString();
        String secondId = second.json().path("id").asString();

        assertThat(List.of(key.status(), endpoint.status(), prompt.status(), first.status(), second.status()))
                .containsOnly(201);
        assertThat(List.of(revoked.status(), endpointChanged.status(), promptChanged.status(),
                publishFirst.status(), publishSecond.status(), deleted.status())).containsOnly(200);
        JsonNode created = single(api, "api_key.created", keyId, key);
        assertThat(key.requestId()).isEqualTo("e2e-audit-key-" + acme.slug);
        assertThat(created.path("actor").asString()).isEqualTo(acme.managerKeyId);
        assertThat(created.path("tenant_id").asString()).isEqualTo(acme.id);
        assertThat(created.path("target").path("type").asString()).isEqualTo("api_key");
        assertThat(created.path("changes").path("after").path("name").asString()).isEqualTo("ci");
        assertThat(created.path("changes").path("after").path("scopes").asString()).isEqualTo("execute");
        assertThat(created.toString()).doesNotContain(key.json().path("secret").asString());
        assertThat(single(api, "api_key.revoked", keyId, revoked).path("changes").path("after").has("revoked_at"))
                .isTrue();
        assertThat(single(api, "endpoint.created", endpointId, endpoint).path("changes").path("after").path("path")
                .asString()).isEqualTo("/api/v1/audited");
        JsonNode changed = single(api, "endpoint.updated", endpointId, endpointChanged).path("changes");
        assertThat(changed.path("before").path("description").asString()).isEmpty();
        assertThat(changed.path("after").path("description").asString()).isEqualTo("Now described");
        assertThat(changed.path("after").has("path")).isFalse();
        JsonNode gainedDefault = single(api, "endpoint.updated", endpointId, prompt).path("changes");
        assertThat(gainedDefault.path("before").path("default_prompt_id").asString()).isEqualTo("none");
        assertThat(gainedDefault.path("after").path("default_prompt_id").asString()).isEqualTo(promptId);
        assertThat(single(api, "prompt.created", promptId, prompt).path("changes").path("after").path("name")
                .asString()).isEqualTo("summarize");
        assertThat(single(api, "prompt.updated", promptId, promptChanged).path("changes").path("after")
                .path("title").asString()).isEqualTo("Summary");
        assertThat(single(api, "prompt.version.created", firstId, first).path("target").path("type").asString())
                .isEqualTo("prompt_version");
        assertThat(single(api, "prompt.version.created", secondId, second).path("changes").path("after")
                .path("version").asString()).isEqualTo("2");
        single(api, "prompt.version.published", firstId, publishFirst);
        JsonNode published = single(api, "prompt.version.published", secondId, publishSecond).path("changes");
        assertThat(published.path("before").path("status").asString()).isEqualTo("draft");
        assertThat(published.path("after").path("status").asString()).isEqualTo("live");
        JsonNode archived = single(api, "prompt.version.archived", firstId, publishSecond).path("changes");
        assertThat(archived.path("after").path("status").asString()).isEqualTo("archived");
        assertThat(single(api, "endpoint.deleted", endpointId, deleted).path("changes").path("before").path("path")
                .asString()).isEqualTo("/api/v1/audited");
        assertThat(events(api, "?actor=" + acme.managerKeyId)).hasSize(13);
    }

    @Test
    void givenOperatorChanges_eachLeavesOneEventOfTheOperator_andAPlanBelongsToNoTenant() {
        Api admin = app.admin();
        String slug = "audit-op-" + TENANTS.incrementAndGet();
        Api.Reply plan = admin.post("/v1/admin/plans", "{\"name\":\"" + slug + "\",\"requests_per_minute\":7}");
        Api.Reply tenant = admin.post("/v1/admin/tenants", "{\"slug\":\"" + slug + "\",\"name\":\"Op\",\"plan\":"
                + "\"free\"}");
        String tenantId = tenant.json().path("id").asString();
        Api.Reply moved = admin.patch("/v1/admin/tenants/" + slug, "{\"plan\":\"" + slug + "\"}");
        Api.Reply deactivated = admin.patch("/v1/admin/tenants/" + slug, "{\"active\":false}");
        Api.Reply reactivated = admin.patch("/v1/admin/tenants/" + slug, "{\"active\":true}");
        Api.Reply unchanged = admin.patch("/v1/admin/tenants/" + slug, "{\"active\":true}");
        Api.Reply issued = admin.post("/v1/admin/tenants/" + slug + "/api-keys",
                "{\"name\":\"first\",\"scopes\":[\"manage\"]}");

        JsonNode planEvent = single(admin, "plan.created", slug, plan);
        assertThat(planEvent.path("actor").asString()).isEqualTo("operator");
        assertThat(planEvent.has("tenant_id")).isFalse();
        assertThat(planEvent.path("changes").path("after").path("requests_per_minute").asString()).isEqualTo("7");
        assertThat(single(admin, "tenant.created", tenantId, tenant).path("tenant_id").asString()).isEqualTo(tenantId);
        JsonNode planChange = single(admin, "tenant.updated", tenantId, moved).path("changes");
        assertThat(planChange.path("before").path("plan").asString()).isEqualTo("free");
        assertThat(planChange.path("after").path("plan").asString()).isEqualTo(slug);
        single(admin, "tenant.deactivated", tenantId, deactivated);
        single(admin, "tenant.reactivated", tenantId, reactivated);
        assertThat(unchanged.status()).isEqualTo(200);
        JsonNode keyEvent = single(admin, "api_key.created", issued.json().path("id").asString(), issued);
        assertThat(keyEvent.path("actor").asString()).isEqualTo("operator");
        Api own = app.api().withKey(issued.json().path("secret").asString());
        assertThat(events(own, "")).extracting(event -> event.path("action").asString())
                .containsExactlyInAnyOrder("tenant.created", "tenant.updated", "tenant.deactivated",
                        "tenant.reactivated", "api_key.created");
        assertThat(events(admin, "?tenant=" + tenantId)).hasSize(5);
    }

    @Test
    void givenTwoTenants_eachSeesItsOwnEventsOnly_andTheOperatorSeesBoth() {
        Tenant acme = tenant();
        Tenant globex = tenant();
        String endpointId = acme.manager.post("/v1/endpoints", "{\"path\":\"/api/v1/mine\",\"input_schema\":"
                + INPUT + "}").json().path("id").asString();
        globex.manager.post("/v1/endpoints", "{\"path\":\"/api/v1/mine\",\"input_schema\":" + INPUT + "}");

        List<JsonNode> theirs = events(globex.manager, "");
        Api.Reply byTarget = globex.manager.get("/v1/audit-events?target_id=" + endpointId);
        Api.Reply byTenant = globex.manager.get("/v1/audit-events?tenant=" + acme.id);

        assertThat(theirs).isNotEmpty().allSatisfy(event ->
                assertThat(event.path("tenant_id").asString()).isEqualTo(globex.id));
        assertThat(byTarget.json().path("data")).isEmpty();
        assertThat(byTenant.status()).isEqualTo(403);
        assertThat(events(app.admin(), "?target_type=endpoint&action=endpoint.created")).extracting(
                event -> event.path("tenant_id").asString()).contains(acme.id, globex.id);
        assertThat(events(app.admin(), "?tenant=" + acme.id + "&target_type=endpoint"))
                .extracting(event -> event.path("target").path("id").asString()).containsExactly(endpointId);
    }

    @Test
    void givenKeyWithoutManageScope_list_is403() {
        Tenant acme = tenant();
        String reader = app.admin().post("/v1/admin/tenants/" + acme.slug + "/api-keys",
                "{\"name\":\"reader\",\"scopes\":[\"read\",\"execute\"]}").json().path("secret").asString();

        Api.Reply refused = acme.manager.withKey(reader).get("/v1/audit-events");
        Api.Reply anonymous = acme.manager.withKey(null).get("/v1/audit-events");

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("error").path("message").asString()).contains("'manage'");
        assertThat(anonymous.status()).isEqualTo(401);
    }

    @Test
    void givenFailedChanges_noEventIsWritten() {
        Tenant acme = tenant();
        acme.manager.post("/v1/endpoints", "{\"path\":\"/api/v1/taken\",\"input_schema\":" + INPUT + "}");
        int before = events(acme.manager, "").size();

        Api.Reply duplicate = acme.manager.post("/v1/endpoints", "{\"path\":\"/api/v1/taken\",\"input_schema\":"
                + INPUT + "}");
        Api.Reply unknownKey = acme.manager.delete("/v1/api-keys/key_unknown");
        Api.Reply badSchema = acme.manager.post("/v1/endpoints", "{\"path\":\"/api/v1/bad\",\"input_schema\":"
                + "{\"type\":\"nonsense\"}}");
        Api.Reply unknownPrompt = acme.manager.patch("/v1/prompts/11111111-1111-4111-8111-111111111111",
                "{\"title\":\"x\"}");
        Api.Reply takenPlan = app.admin().post("/v1/admin/plans", "{\"name\":\"free\",\"requests_per_minute\":1}");

        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(unknownKey.status()).isEqualTo(404);
        assertThat(badSchema.status()).isEqualTo(400);
        assertThat(unknownPrompt.status()).isEqualTo(404);
        assertThat(takenPlan.status()).isEqualTo(409);
        assertThat(events(acme.manager, "")).hasSize(before);
        Set<String> failedRequests = Set.of(duplicate.requestId(), unknownKey.requestId(), badSchema.requestId(),
                unknownPrompt.requestId(), takenPlan.requestId());
        assertThat(events(app.admin(), "")).noneMatch(event -> failedRequests.contains(
                event.path("request_id").asString()));
    }

    @Test
    void givenManyEvents_cursorPages_walkThemAllOnceNewestFirst() {
        Tenant acme = tenant();
        for (int i = 0; i < 7; i++) {
            acme.manager.post("/v1/endpoints", "{\"path\":\"/api/v1/page-" + i + "\",\"input_schema\":" + INPUT
                    + "}");
        }
        List<JsonNode> all = events(acme.manager, "");

        List<String> walked = new ArrayList<>();
        String query = "?limit=2";
        while (true) {
            JsonNode page = acme.manager.get("/v1/audit-events" + query).json();
            page.path("data").forEach(event -> walked.add(event.path("id").asString()));
            if (!page.path("has_more").asBoolean()) {
                break;
            }
            query = "?limit=2&cursor=" + page.path("next_cursor").asString();
        }

        assertThat(walked).hasSize(all.size()).hasSize(new HashSet<>(walked).size())
                .containsExactlyElementsOf(all.stream().map(event -> event.path("id").asString()).toList());
        assertThat(all.get(0).path("created_at").asString())
                .isGreaterThanOrEqualTo(all.get(all.size() - 1).path("created_at").asString());
    }

    @Test
    void givenFilters_list_holdsTheMatchingEvents_andBadValuesAre400NamingTheParameter() {
        Tenant acme = tenant();
        acme.manager.post("/v1/endpoints", "{\"path\":\"/api/v1/filtered\",\"input_schema\":" + INPUT + "}");
        List<JsonNode> all = events(acme.manager, "");
        String newest = all.get(0).path("created_at").asString();

        assertThat(events(acme.manager, "?actor=" + acme.managerKeyId)).extracting(e -> e.path("action").asString())
                .containsExactly("endpoint.created");
        assertThat(events(acme.manager, "?actor=operator")).extracting(e -> e.path("action").asString())
                .contains("tenant.created", "api_key.created");
        assertThat(events(acme.manager, "?target_type=tenant")).hasSize(1);
        assertThat(events(acme.manager, "?until=" + encode(newest))).hasSize(all.size() - 1);
        assertThat(events(acme.manager, "?since=" + encode(newest))).hasSize(1);
        assertThat(events(acme.manager, "?since=2000-01-01T00:00:00Z&until=2000-01-02T00:00:00Z")).isEmpty();
        for (String bad : List.of("action=api_key.deleted", "target_type=user", "since=yesterday",
                "until=2026-13-01T00:00:00Z", "limit=0", "cursor=not-a-cursor", "colour=red")) {
            Api.Reply refused = acme.manager.get("/v1/audit-events?" + bad);
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.json().path("error").path("field").asString()).as(bad)
                    .isEqualTo(bad.substring(0, bad.indexOf('=')));
        }
    }

    /**
     * The one event of {@code action} on {@code targetId} made in {@code reply}'s request (one request may change a
     * target once only; the callers count all events, so that none is made in a request that should make none).
     */
    private static JsonNode single(Api api, String action, String targetId, Api.Reply reply) {
        List<JsonNode> found = events(api, "?action=" + action + "&target_id=" + encode(targetId)).stream()
                .filter(event -> event.path("request_id").asString().equals(reply.requestId())).toList();
        assertThat(found).as("%s of %s in %s", action, targetId, reply.requestId()).hasSize(1);
        JsonNode event = found.get(0);
        assertThat(event.path("target").path("id").asString()).isEqualTo(targetId);
        return event;
    }

    private static List<JsonNode> events(Api api, String query) {
        Api.Reply reply = api.get("/v1/audit-events" + (query.isEmpty() ? "?limit=100" : query + "&limit=100"));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().path("has_more").asBoolean()).isFalse();
        List<JsonNode> events = new ArrayList<>();
        reply.json().path("data").forEach(events::add);
        return events;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A new tenant with a {@code manage} key, made by the operator. */
    private static Tenant tenant() {
        String slug = "audit-" + TENANTS.incrementAndGet();
        String id = app.admin().post("/v1/admin/tenants", "{\"slug\":\"" + slug + "\",\"name\":\"" + slug
                + "\",\"plan\":\"pro\"}").json().path("id").asString();
        JsonNode key = app.admin().post("/v1/admin/tenants/" + slug + "/api-keys",
                "{\"name\":\"manager\",\"scopes\":[\"manage\",\"read\",\"execute\"]}").json();
        return new Tenant(slug, id, key.path("id").asString(), app.api().withKey(key.path("secret").asString()));
    }

    private record Tenant(String slug, String id, String managerKeyId, Api manager) {
    }
}
