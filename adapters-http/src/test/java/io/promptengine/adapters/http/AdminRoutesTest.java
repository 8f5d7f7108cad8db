package io.promptengine.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class AdminRoutesTest extends SharedServerTest {

    @Test
    void givenOperatorKey_createTenant_is201WithTheTenantAndItsLocation() {
        TestServer.Reply reply = post("/v1/admin/tenants", "{\"slug\":\"acme\",\"name\":\"Acme Corp\",\"plan\":\"pro\"}");

        assertThat(reply.status()).isEqualTo(201);
        JsonNode tenant = reply.json();
        assertThat(tenant.path("id").asString()).startsWith("ten_");
        assertThat(tenant.path("slug").asString()).isEqualTo("acme");
        assertThat(tenant.path("name").asString()).isEqualTo("Acme Corp");
        assertThat(tenant.path("plan").asString()).isEqualTo("pro");
        assertThat(tenant.path("active").asBoolean()).isTrue();
        assertThat(tenant.path("created_at").asString()).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(reply.header("Location")).isEqualTo("/v1/admin/tenants/" + tenant.path("id").asString());
    }

    @Test
    void givenNoPlan_createTenant_putsItOnFree() {
        assertThat(post("/v1/admin/tenants", "{\"slug\":\"acme\",\"name\":\"Acme\"}").json().path("plan").asString())
                .isEqualTo("free");
    }

    @Test
    void givenTakenSlug_createTenant_is409() {
        post("/v1/admin/tenants", "{\"slug\":\"acme\",\"name\":\"Acme\"}");

        TestServer.Reply reply = post("/v1/admin/tenants", "{\"slug\":\"acme\",\"name\":\"Acme again\"}");

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.errorCode()).isEqualTo("conflict");
        assertThat(reply.errorMessage()).contains("acme");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"slug\":\"acme\",\"name\":\"Acme\",\"plan\":\"gold\"}  | plan  | Unknown plan 'gold'",
        "{\"slug\":\"acme\"}                                      | name  | Field 'name' is required",
        "{\"name\":\"Acme\"}                                      | slug  | Field 'slug' is required",
        "{\"slug\":\"Acme Corp\",\"name\":\"Acme\"}               | slug  | Field 'slug' must be 1-63 lowercase letters, digits or inner hyphens",
        "{\"slug\":\"acme\",\"name\":\"Acme\",\"tier\":\"pro\"}   | tier  | Field 'tier' is not allowed; the fields are slug, name, plan",
        "{\"slug\":\"acme\",\"name\":\"Acme\",\"plan\":null}      | plan  | Field 'plan' must be a string",
    })
    void givenInvalidBody_createTenant_is400NamingTheField(String body, String field, String message) {
        TestServer.Reply reply = post("/v1/admin/tenants", body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("validation_error");
        assertThat(reply.errorField()).isEqualTo(field);
        assertThat(reply.errorMessage()).isEqualTo(message);
    }

    @Test
    void givenNoKey_adminRoute_is401WithBearerChallenge() {
        TestServer.Reply reply = server.send(server.anonymous("/v1/admin/plans").GET().build());

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.errorCode()).isEqualTo("unauthorized");
        assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void givenTenantKey_adminRoute_is403AndDoesNothing() {
        TestServer.Reply reply = server.postJson("/v1/admin/tenants", "{\"slug\":\"acme\",\"name\":\"Acme\"}");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.errorCode()).isEqualTo("forbidden");
        assertThat(reply.errorMessage()).contains("operator key");
        assertThat(server.management.wiring().tenants().all()).isEmpty();
    }

    @Test
    void givenUnknownKey_adminRoute_is401BeforeTheBodyIsRead() {
        TestServer.Reply reply = server.sendJson(server.anonymous("/v1/admin/tenants")
                .header("x-api-key", "pe_admin_wrong"), "POST", "not json");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.errorMessage()).isEqualTo("Invalid operator key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x-api-key", "api-key"})
    void givenOperatorKeyInEitherKeyHeader_adminRoute_isServed(String header) {
        TestServer.Reply reply = server.send(server.anonymous("/v1/admin/plans")
                .header(header, Management.OPERATOR_KEY).GET().build());

        assertThat(reply.status()).isEqualTo(200);
    }

    @Test
    void givenFiveTenants_listInPagesOfTwo_walksThemInSlugOrder() {
        for (String slug : List.of("echo", "alpha", "delta", "charlie", "bravo")) {
            post("/v1/admin/tenants", "{\"slug\":\"" + slug + "\",\"name\":\"" + slug + "\"}");
        }
        List<String> slugs = new ArrayList<>();
        String next = "/v1/admin/tenants?limit=2";
        int pages = 0;
        while (next != null) {
            JsonNode page = get(next).json();
            page.path("data").forEach(tenant -> slugs.add(tenant.path("slug").asString()));
            assertThat(page.has("next_cursor")).isEqualTo(page.path("has_more").asBoolean());
            next = page.path("has_more").asBoolean()
                    ? "/v1/admin/tenants?limit=2&cursor=" + page.path("next_cursor").asString() : null;
            pages++;
        }

        assertThat(slugs).containsExactly("alpha", "bravo", "charlie", "delta", "echo");
        assertThat(pages).isEqualTo(3);
    }

    @ParameterizedTest
    @CsvSource({
        "limit=0, limit", "limit=101, limit", "limit=ten, limit", "cursor=%21%21, cursor", "page=2, page",
    })
    void givenBadQuery_listTenants_is400NamingTheParameter(String query, String field) {
        TestServer.Reply reply = get("/v1/admin/tenants?" + query);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorField()).isEqualTo(field);
    }

    @Test
    void givenTenant_get_findsItByIdAndBySlug() {
        String id = post("/v1/admin/tenants", "{\"slug\":\"acme\",\"name\":\"Acme\"}").json().path("id").asString();

        assertThat(get("/v1/admin/tenants/" + id).json().path("slug").asString()).isEqualTo("acme");
        assertThat(get("/v1/admin/tenants/acme").json().path("id").asString()).isEqualTo(id);
    }

    @Test
    void givenNoSuchTenant_get_is404NamingIt() {
        TestServer.Reply reply = get("/v1/admin/tenants/globex");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.errorMessage()).isEqualTo("Tenant 'globex' not found");
    }

    @Test
    void givenTenant_patch_changesPlanThenDeactivatesAndReactivates() {
        post("/v1/admin/tenants", "{\"slug\":\"acme\",\"name\":\"Acme\"}");

        JsonNode upgraded = patch("/v1/admin/tenants/acme", "{\"plan\":\"enterprise\"}").json();
        JsonNode deactivated = patch("/v1/admin/tenants/acme", "{\"active\":false}").json();
        JsonNode reactivated = patch("/v1/admin/tenants/acme", "{\"active\":true,\"plan\":\"free\"}").json();

        assertThat(upgraded.path("plan").asString()).isEqualTo("enterprise");
        assertThat(upgraded.path("active").asBoolean()).isTrue();
        assertThat(deactivated.path("plan").asString()).isEqualTo("enterprise");
        assertThat(deactivated.path("active").asBoolean()).isFalse();
        assertThat(reactivated.path("plan").asString()).isEqualTo("free");
        assertThat(reactivated.path("active").asBoolean()).isTrue();
        assertThat(server.management.wiring().tenants().findBySlug("acme").orElseThrow().plan()).isEqualTo("free");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{}                       | Set 'plan', 'active' or both",
        "{\"plan\":\"gold\"}      | Unknown plan 'gold'",
        "{\"active\":\"no\"}      | Field 'active' must be a boolean",
        "{\"name\":\"Acme 2\"}    | Field 'name' is not allowed; the fields are plan, active",
    })
    void givenInvalidBody_patch_is400(String body, String message) {
        post("/v1/admin/tenants", "{\"slug\":\"acme\",\"name\":\"Acme\"}");

        TestServer.Reply reply = patch("/v1/admin/tenants/acme", body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorMessage()).isEqualTo(message);
    }

    @Test
    void givenTenant_issueApiKey_is201WithTheSecretOnce() {
        String id = post("/v1/admin/tenants", "{\"slug\":\"acme\",\"name\":\"Acme\"}").json().path("id").asString();

        TestServer.Reply reply = post("/v1/admin/tenants/acme/api-keys",
                "{\"name\":\"first\",\"scopes\":[\"read\",\"execute\",\"manage\"],\"requests_per_minute\":30}");

        assertThat(reply.status()).isEqualTo(201);
        JsonNode key = reply.json();
        assertThat(key.path("secret").asString()).matches("pe_live_[A-Za-z0-9_-]{43}");
        assertThat(key.path("secret").asString()).startsWith(key.path("prefix").asString());
        assertThat(key.path("tenant_id").asString()).isEqualTo(id);
        assertThat(key.path("scopes").toString()).isEqualTo("[\"execute\",\"read\",\"manage\"]");
        assertThat(key.path("requests_per_minute").asInt()).isEqualTo(30);
        assertThat(server.management.wiring().keys().findBySecretHash(
                io.promptengine.domain.tenant.ApiKeySecret.hash(key.path("secret").asString()))).isPresent();
    }

    @Test
    void givenNoSuchTenant_issueApiKey_is404() {
        TestServer.Reply reply = post("/v1/admin/tenants/ghost/api-keys", "{\"name\":\"first\",\"scopes\":[\"read\"]}");

        assertThat(reply.status()).isEqualTo(404);
    }

    @Test
    void plans_listTheThreeBuiltInsWithTheirLimits() {
        JsonNode plans = get("/v1/admin/plans").json().path("data");

        assertThat(plans.toString()).isEqualTo("[{\"name\":\"free\",\"requests_per_minute\":60,\"built_in\":true},"
                + "{\"name\":\"pro\",\"requests_per_minute\":1000,\"built_in\":true},"
                + "{\"name\":\"enterprise\",\"requests_per_minute\":5000,\"built_in\":true}]");
    }

    @Test
    void givenNewPlan_create_is201AndItIsListedAndUsable() {
        TestServer.Reply reply = post("/v1/admin/plans",
                "{\"name\":\"team\",\"requests_per_minute\":300,\"tokens_per_minute\":90000,"
                        + "\"monthly_token_quota\":10000000000}");

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.header("Location")).isEqualTo("/v1/admin/plans/team");
        assertThat(reply.body()).isEqualTo("{\"name\":\"team\",\"requests_per_minute\":300,"
                + "\"tokens_per_minute\":90000,\"monthly_token_quota\":10000000000,\"built_in\":false}");
        assertThat(get("/v1/admin/plans/team").body()).isEqualTo(reply.body());
        assertThat(get("/v1/admin/plans").json().path("data").size()).isEqualTo(4);
        assertThat(post("/v1/admin/tenants", "{\"slug\":\"acme\",\"name\":\"Acme\",\"plan\":\"team\"}").status())
                .isEqualTo(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"free", "pro", "enterprise"})
    void givenBuiltInName_createPlan_is409AndTheBuiltInStays(String name) {
        TestServer.Reply reply = post("/v1/admin/plans", "{\"name\":\"" + name + "\",\"requests_per_minute\":1}");

        assertThat(reply.status()).isEqualTo(409);
        assertThat(get("/v1/admin/plans/" + name).json().path("requests_per_minute").asInt()).isGreaterThan(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"name\":\"team\"}                                            | requests_per_minute | Field 'requests_per_minute' is required",
        "{\"name\":\"team\",\"requests_per_minute\":0}                  | requests_per_minute | Field 'requests_per_minute' must be greater than 0",
        "{\"name\":\"team\",\"requests_per_minute\":1.5}                | requests_per_minute | Field 'requests_per_minute' must be an integer",
        "{\"name\":\"team\",\"requests_per_minute\":5,\"tokens_per_minute\":0} | tokens_per_minute | Field 'tokens_per_minute' must be greater than 0",
        "{\"name\":\"Team\",\"requests_per_minute\":5}                  | name | Field 'name' must be 1-63 lowercase letters, digits, '-' or '_', starting with a letter or digit",
        "{\"name\":\"team\",\"rpm\":5}                                  | rpm  | Field 'rpm' is not allowed; the fields are name, requests_per_minute, tokens_per_minute, monthly_token_quota",
    })
    void givenInvalidBody_createPlan_is400NamingTheField(String body, String field, String message) {
        TestServer.Reply reply = post("/v1/admin/plans", body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorField()).isEqualTo(field);
        assertThat(reply.errorMessage()).isEqualTo(message);
    }

    @Test
    void givenNoSuchPlan_get_is404() {
        TestServer.Reply reply = get("/v1/admin/plans/gold");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.errorMessage()).isEqualTo("Plan 'gold' not found");
    }

    private static TestServer.Reply get(String path) {
        return server.send(server.operator(path).GET().build());
    }

    private static TestServer.Reply post(String path, String body) {
        return server.sendJson(server.operator(path), "POST", body);
    }

    private static TestServer.Reply patch(String path, String body) {
        return server.sendJson(server.operator(path), "PATCH", body);
    }
}
