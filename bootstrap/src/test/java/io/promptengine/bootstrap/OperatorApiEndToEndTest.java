package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The operator's walk-through of the README, over real HTTP: tenants, plans, a first key, deactivation. */
class OperatorApiEndToEndTest {

    private static final String EXECUTE = "{\"model\":\"echo\",\"input\":\"Hello\"}";

    private static RunningApp app;
    private static Operator operator;

    @BeforeAll
    static void start() {
        app = RunningApp.start();
        operator = new Operator(app);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void operatorCreatesTenantAndKey_theKeyExecutesAsThatTenant() {
        String id = operator.createTenant("acme", "free");
        Api acme = app.api().withKey(operator.issueKey("acme", "execute", "read"));

        Api.Reply executed = acme.post("/v1/prompt/execute", EXECUTE);

        assertThat(executed.status()).isEqualTo(200);
        assertThat(app.admin().get("/v1/admin/tenants/acme").json().path("id").asString()).isEqualTo(id);
        assertThat(app.admin().get("/v1/admin/tenants").json().path("data").toString())
                .contains("\"slug\":\"acme\"").contains("\"slug\":\"demo\"");
    }

    @Test
    void givenTenantKey_adminRoutes_are403AndTheOperatorKeyIsNoTenantKey() {
        Api.Reply tenantOnAdmin = app.api().post("/v1/admin/tenants", "{\"slug\":\"sneaky\",\"name\":\"Sneaky\"}");
        Api.Reply operatorOnTenant = app.admin().post("/v1/prompt/execute", EXECUTE);
        Api.Reply anonymous = app.api().withKey(null).get("/v1/admin/plans");

        assertThat(tenantOnAdmin.status()).isEqualTo(403);
        assertThat(tenantOnAdmin.errorCode()).isEqualTo("forbidden");
        assertThat(operatorOnTenant.status()).isEqualTo(401);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(app.admin().get("/v1/admin/tenants/sneaky").status()).isEqualTo(404);
    }

    @Test
    void givenDeactivatedTenant_itsKeysAre403UntilReactivated() {
        operator.createTenant("initech", "pro");
        Api initech = app.api().withKey(operator.issueKey("initech", "execute"));
        assertThat(initech.post("/v1/prompt/execute", EXECUTE).status()).isEqualTo(200);

        Api.Reply deactivated = app.admin().patch("/v1/admin/tenants/initech", "{\"active\":false}");
        Api.Reply refused = initech.post("/v1/prompt/execute", EXECUTE);
        app.admin().patch("/v1/admin/tenants/initech", "{\"active\":true}");

        assertThat(deactivated.json().path("active").asBoolean()).isFalse();
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("error").path("message").asString()).contains("deactivated");
        assertThat(initech.post("/v1/prompt/execute", EXECUTE).status()).isEqualTo(200);
    }

    @Test
    void givenTenant_patchPlan_movesItToTheNewPlan() {
        operator.createTenant("hooli", "free");

        Api.Reply moved = app.admin().patch("/v1/admin/tenants/hooli", "{\"plan\":\"enterprise\"}");

        assertThat(moved.status()).isEqualTo(200);
        assertThat(app.admin().get("/v1/admin/tenants/hooli").json().path("plan").asString())
                .isEqualTo("enterprise");
    }

    @Test
    void givenTakenSlugOrUnknownPlan_createTenant_is409Or400() {
        operator.createTenant("globex", "free");

        Api.Reply taken = app.admin().post("/v1/admin/tenants", "{\"slug\":\"globex\",\"name\":\"Globex 2\"}");
        Api.Reply unknownPlan = app.admin().post("/v1/admin/tenants",
                "{\"slug\":\"umbrella\",\"name\":\"Umbrella\",\"plan\":\"platinum\"}");

        assertThat(taken.status()).isEqualTo(409);
        assertThat(unknownPlan.status()).isEqualTo(400);
        assertThat(unknownPlan.json().path("error").path("field").asString()).isEqualTo("plan");
        assertThat(unknownPlan.json().path("error").path("message").asString()).contains("'platinum'");
    }

    @Test
    void plans_builtInsStayAndCustomOnesCanCarryTenants() {
        Api.Reply created = app.admin().post("/v1/admin/plans",
                "{\"name\":\"team\",\"requests_per_minute\":300,\"monthly_token_quota\":1000000}");
        Api.Reply overwrite = app.admin().post("/v1/admin/plans", "{\"name\":\"free\",\"requests_per_minute\":1}");
        JsonNode plans = app.admin().get("/v1/admin/plans").json().path("data");

        assertThat(created.status()).isEqualTo(201);
        assertThat(overwrite.status()).isEqualTo(409);
        assertThat(plans.toString()).contains("{\"name\":\"free\",\"requests_per_minute\":60,\"built_in\":true}")
                .contains("{\"name\":\"team\",\"requests_per_minute\":300,\"monthly_token_quota\":1000000,"
                        + "\"built_in\":false}");
        assertThat(operator.createTenant("massive", "team")).startsWith("ten_");
    }
}
