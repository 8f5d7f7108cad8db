package io.promptengine.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class AuditEventRoutesTest extends SharedServerTest {

    @Test
    void givenChangesOfTwoTenants_tenantKey_readsItsOwnAndTheOperatorKeyBoth() {
        TestServer.Reply tenant = server.sendJson(server.operator("/v1/admin/tenants"), "POST",
                "{\"slug\":\"globex\",\"name\":\"Globex\"}");
        TestServer.Reply key = server.postJson("/v1/api-keys", "{\"name\":\"ci\",\"scopes\":[\"read\"]}");

        List<JsonNode> own = data(server.get("/v1/audit-events"));
        List<JsonNode> all = data(server.send(server.operator("/v1/audit-events").GET().build()));
        List<JsonNode> acme = data(server.send(server.operator("/v1/audit-events?tenant=ten_acme").GET().build()));

        assertThat(own).hasSize(1);
        assertThat(own.get(0).path("action").asString()).isEqualTo("api_key.created");
        assertThat(own.get(0).path("actor").asString()).isEqualTo("key_acme");
        assertThat(own.get(0).path("target").path("id").asString()).isEqualTo(key.json().path("id").asString());
        assertThat(own.get(0).path("request_id").asString()).isEqualTo(key.header("X-Request-Id"));
        assertThat(all).extracting(event -> event.path("action").asString())
                .containsExactly("api_key.created", "tenant.created");
        assertThat(all.get(1).path("actor").asString()).isEqualTo("operator");
        assertThat(all.get(1).path("request_id").asString()).isEqualTo(tenant.header("X-Request-Id"));
        assertThat(acme).hasSize(1);
    }

    @Test
    void givenTenantKeyNamingATenant_list_is403() {
        TestServer.Reply reply = server.get("/v1/audit-events?tenant=ten_globex");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.errorCode()).isEqualTo("forbidden");
    }

    @Test
    void givenNoKey_list_is401() {
        assertThat(server.send(server.anonymous("/v1/audit-events").GET().build()).status()).isEqualTo(401);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "action=api_key.deleted           | action",
        "target_type=user                 | target_type",
        "target_id=                       | target_id",
        "actor=                           | actor",
        "since=yesterday                  | since",
        "until=2026-01-01                 | until",
        "since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z | until",
        "limit=101                        | limit",
        "cursor=bm9wZQ                    | cursor",
        "colour=red                       | colour",
        "action=plan.created&action=tenant.created | action",
    })
    void givenBadParameter_list_is400NamingIt(String query, String field) {
        TestServer.Reply reply = server.get("/v1/audit-events?" + query);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("validation_error");
        assertThat(reply.errorField()).isEqualTo(field);
    }

    private static List<JsonNode> data(TestServer.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<JsonNode> events = new ArrayList<>();
        reply.json().path("data").forEach(events::add);
        return events;
    }
}
