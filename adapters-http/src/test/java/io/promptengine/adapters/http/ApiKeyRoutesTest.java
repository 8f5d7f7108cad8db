package io.promptengine.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.application.port.in.Caller;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.Scope;
import io.promptengine.domain.tenant.TenantId;
import java.util.EnumSet;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class ApiKeyRoutesTest extends SharedServerTest {

    private static final String GLOBEX_KEY = "pe_live_globex_manager";
    private static final String READ_ONLY_KEY = "pe_live_acme_reader";

    @Test
    void givenManageScope_create_is201WithTheSecretOnce() {
        TestServer.Reply reply = server.postJson("/v1/api-keys",
                "{\"name\":\"ci\",\"scopes\":[\"read\",\"execute\"],\"expires_at\":\"2030-01-01T00:00:00+02:00\","
                        + "\"requests_per_minute\":10}");

        assertThat(reply.status()).isEqualTo(201);
        JsonNode key = reply.json();
        assertThat(key.path("id").asString()).startsWith("key_");
        assertThat(key.path("tenant_id").asString()).isEqualTo("ten_acme");
        assertThat(key.path("name").asString()).isEqualTo("ci");
        assertThat(key.path("secret").asString()).matches("pe_live_[A-Za-z0-9_-]{43}")
                .startsWith(key.path("prefix").asString());
        assertThat(key.path("scopes").toString()).isEqualTo("[\"execute\",\"read\"]");
        assertThat(key.path("expires_at").asString()).isEqualTo("2029-12-31T22:00:00Z");
        assertThat(key.path("requests_per_minute").asInt()).isEqualTo(10);
        assertThat(reply.header("Location")).isEqualTo("/v1/api-keys/" + key.path("id").asString());
    }

    @Test
    void givenCreatedKey_listAndGet_showItWithoutSecretOrHash() {
        JsonNode created = server.postJson("/v1/api-keys", "{\"name\":\"ci\",\"scopes\":[\"read\"]}").json();
        String secret = created.path("secret").asString();
        String id = created.path("id").asString();

        TestServer.Reply list = server.get("/v1/api-keys");
        TestServer.Reply one = server.get("/v1/api-keys/" + id);

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().path("data").valueStream().map(key -> key.path("id").asString()))
                .containsExactlyInAnyOrder(id, "key_acme");
        assertThat(one.json().path("prefix").asString()).isEqualTo(created.path("prefix").asString());
        assertThat(one.json().has("secret")).isFalse();
        assertThat(one.json().has("revoked_at")).isFalse();
        for (String body : new String[] {list.body(), one.body()}) {
            assertThat(body).doesNotContain(secret)
                    .doesNotContain(io.promptengine.domain.tenant.ApiKeySecret.hash(secret));
        }
    }

    @Test
    void givenKey_delete_revokesItAndSaysWhen() {
        String id = server.postJson("/v1/api-keys", "{\"name\":\"ci\",\"scopes\":[\"read\"]}").json().path("id")
                .asString();

        TestServer.Reply reply = server.send(server.authorized("/v1/api-keys/" + id).DELETE().build());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("revoked_at").asString()).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(server.get("/v1/api-keys/" + id).json().path("revoked_at").asString())
                .isEqualTo("2025-01-01T00:00:00Z");
    }

    @Test
    void givenAnotherTenantsKey_getAndDelete_answerExactlyLikeAMissingOne() {
        server.authentication.register(GLOBEX_KEY, new Caller(new TenantId("ten_globex"), new ApiKeyId("key_g"),
                EnumSet.allOf(Scope.class), "free", OptionalInt.empty()));
        String acmeKey = server.postJson("/v1/api-keys", "{\"name\":\"ci\",\"scopes\":[\"read\"]}").json()
                .path("id").asString();

        TestServer.Reply foreignGet = server.send(server.anonymous("/v1/api-keys/" + acmeKey)
                .header("Authorization", "Bearer " + GLOBEX_KEY).header("X-Request-Id", "r1").GET().build());
        TestServer.Reply foreignDelete = server.send(server.anonymous("/v1/api-keys/" + acmeKey)
                .header("Authorization", "Bearer " + GLOBEX_KEY).header("X-Request-Id", "r1").DELETE().build());
        server.send(server.authorized("/v1/api-keys/" + acmeKey).DELETE().build());
        TestServer.Reply missing = server.send(server.authorized("/v1/api-keys/" + acmeKey.replace("key_", "key_x"))
                .header("X-Request-Id", "r1").GET().build());

        assertThat(foreignGet.status()).isEqualTo(404);
        assertThat(foreignDelete.body()).isEqualTo(foreignGet.body());
        assertThat(foreignGet.body()).isEqualTo(missing.body().replace(acmeKey.replace("key_", "key_x"), acmeKey));
    }

    @Test
    void givenKeyWithoutManage_everyRoute_is403NamingTheScope() {
        server.authentication.register(READ_ONLY_KEY, new Caller(new TenantId("ten_acme"), new ApiKeyId("key_r"),
                EnumSet.of(Scope.READ, Scope.EXECUTE), "free", OptionalInt.empty()));

        TestServer.Reply[] replies = {
            server.sendJson(server.anonymous("/v1/api-keys").header("x-api-key", READ_ONLY_KEY), "POST",
                    "{\"name\":\"ci\",\"scopes\":[\"read\"]}"),
            server.send(server.anonymous("/v1/api-keys").header("x-api-key", READ_ONLY_KEY).GET().build()),
            server.send(server.anonymous("/v1/api-keys/key_acme").header("x-api-key", READ_ONLY_KEY).GET().build()),
            server.send(server.anonymous("/v1/api-keys/key_acme").header("x-api-key", READ_ONLY_KEY).DELETE().build()),
        };

        for (TestServer.Reply reply : replies) {
            assertThat(reply.status()).isEqualTo(403);
            assertThat(reply.errorCode()).isEqualTo("forbidden");
            assertThat(reply.errorMessage()).isEqualTo("This API key lacks the 'manage' scope");
        }
        assertThat(server.management.wiring().keys().all()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"scopes\":[\"read\"]}                                        | name       | Field 'name' is required",
        "{\"name\":\"ci\"}                                              | scopes     | Field 'scopes' is required",
        "{\"name\":\"ci\",\"scopes\":[]}                                | scopes     | Field 'scopes' must name at least one scope",
        "{\"name\":\"ci\",\"scopes\":\"read\"}                          | scopes     | Field 'scopes' must be an array of strings",
        "{\"name\":\"ci\",\"scopes\":[\"admin\"]}                       | scopes     | Unknown scope 'admin'; use execute, read or manage",
        "{\"name\":\"ci\",\"scopes\":[\"read\"],\"expires_at\":\"tomorrow\"} | expires_at | Field 'expires_at' must be an RFC 3339 date-time such as 2025-05-29T10:15:30Z",
        "{\"name\":\"ci\",\"scopes\":[\"read\"],\"expires_at\":\"2024-01-01T00:00:00Z\"} | expires_at | Field 'expires_at' must be in the future",
        "{\"name\":\"ci\",\"scopes\":[\"read\"],\"requests_per_minute\":0} | requests_per_minute | Field 'requests_per_minute' must be greater than 0",
        "{\"name\":\"ci\",\"scopes\":[\"read\"],\"secret\":\"mine\"}    | secret     | Field 'secret' is not allowed; the fields are name, scopes, expires_at, requests_per_minute",
    })
    void givenInvalidBody_create_is400NamingTheField(String body, String field, String message) {
        TestServer.Reply reply = server.postJson("/v1/api-keys", body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorField()).isEqualTo(field);
        assertThat(reply.errorMessage()).isEqualTo(message);
        assertThat(server.management.wiring().keys().all()).hasSize(1);
    }

    @Test
    void givenNoKey_apiKeyRoutes_are401() {
        assertThat(server.send(server.anonymous("/v1/api-keys").GET().build()).status()).isEqualTo(401);
    }
}
