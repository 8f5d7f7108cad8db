package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

/** Tenants and keys made the way an operator makes them: through {@code /v1/admin}, with the operator key. */
final class Operator {

    private final Api admin;

    Operator(RunningApp app) {
        this.admin = app.admin();
    }

    /** Creates the tenant and returns its id. */
    String createTenant(String slug, String plan) {
        Api.Reply reply = admin.post("/v1/admin/tenants",
                "{\"slug\":\"" + slug + "\",\"name\":\"" + slug + "\",\"plan\":\"" + plan + "\"}");
        assertThat(reply.status()).as("create tenant %s: %s", slug, reply.body()).isEqualTo(201);
        return reply.json().path("id").asString();
    }

    /** Gives the tenant a key with these scopes and returns its secret. */
    String issueKey(String tenant, String... scopes) {
        Api.Reply reply = admin.post("/v1/admin/tenants/" + tenant + "/api-keys",
                "{\"name\":\"e2e\",\"scopes\":[\"" + String.join("\",\"", scopes) + "\"]}");
        assertThat(reply.status()).as("issue key for %s: %s", tenant, reply.body()).isEqualTo(201);
        return reply.json().path("secret").asString();
    }
}
