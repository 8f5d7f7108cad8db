package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A tenant's own keys over real HTTP: scopes, the secret shown once, revocation at once, the last use. */
class ApiKeyEndToEndTest {

    private static final String EXECUTE = "{\"model\":\"echo\",\"input\":\"Hello\"}";

    private static RunningApp app;
    private static Api manager;

    @BeforeAll
    static void start() {
        app = RunningApp.start();
        Operator operator = new Operator(app);
        operator.createTenant("acme", "pro");
        manager = app.api().withKey(operator.issueKey("acme", "manage"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void givenReadKey_execute_is403NamingTheExecuteScope() {
        Api reader = manager.withKey(create("{\"name\":\"dashboard\",\"scopes\":[\"read\"]}").path("secret").asString());

        Api.Reply refused = reader.post("/v1/prompt/execute", EXECUTE);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errorCode()).isEqualTo("forbidden");
        assertThat(refused.json().path("error").path("message").asString()).contains("'execute'");
        assertThat(reader.get("/v1/executions").status()).isEqualTo(200);
    }

    @Test
    void givenExecuteOnlyKey_itReadsWhatItRanButCannotListOrManage() {
        Api runner = manager.withKey(create("{\"name\":\"ci\",\"scopes\":[\"execute\"]}").path("secret").asString());
        String execution = runner.post("/v1/prompt/execute", EXECUTE).json().path("id").asString();

        assertThat(runner.get("/v1/executions/" + execution).status()).isEqualTo(200);
        assertThat(runner.get("/v1/executions").json().path("error").path("message").asString())
                .contains("'read'");
        Api.Reply manage = runner.get("/v1/api-keys");
        assertThat(manage.status()).isEqualTo(403);
        assertThat(manage.json().path("error").path("message").asString()).contains("'manage'");
    }

    @Test
    void givenKeyInUse_revoke_refusesItsVeryNextRequest() {
        JsonNode created = create("{\"name\":\"short-lived\",\"scopes\":[\"execute\"]}");
        Api doomed = manager.withKey(created.path("secret").asString());
        assertThat(doomed.post("/v1/prompt/execute", EXECUTE).status()).isEqualTo(200);

        Api.Reply revoked = manager.delete("/v1/api-keys/" + created.path("id").asString());
        Api.Reply next = doomed.post("/v1/prompt/execute", EXECUTE);

        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().has("revoked_at")).isTrue();
        assertThat(next.status()).isEqualTo(401);
        assertThat(next.errorCode()).isEqualTo("unauthorized");
    }

    @Test
    void givenCreatedKey_readingItBack_neverShowsTheSecretAndShowsItsLastUse() {
        JsonNode created = create("{\"name\":\"reader\",\"scopes\":[\"read\"],\"requests_per_minute\":5}");
        String secret = created.path("secret").asString();
        String id = created.path("id").asString();
        assertThat(manager.get("/v1/api-keys/" + id).json().has("last_used_at")).isFalse();

        manager.withKey(secret).get("/v1/executions");

        JsonNode key = manager.get("/v1/api-keys/" + id).json();
        assertThat(key.has("last_used_at")).isTrue();
        assertThat(key.path("requests_per_minute").asInt()).isEqualTo(5);
        assertThat(manager.get("/v1/api-keys").body()).contains(id).doesNotContain(secret);
        assertThat(key.toString()).doesNotContain(secret);
    }

    private static JsonNode create(String body) {
        Api.Reply reply = manager.post("/v1/api-keys", body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json();
    }
}
