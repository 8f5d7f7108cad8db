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

class EndpointRoutesTest extends SharedServerTest {

    private static final String GLOBEX_KEY = "pe_live_globex_manager";
    private static final String READ_ONLY_KEY = "pe_live_acme_reader";
    private static final String SUMMARIZE = "{\"path\":\"/api/v1/summarize\",\"description\":\"Summaries\","
            + "\"input_schema\":" + Definitions.INPUT_SCHEMA + ","
            + "\"output_schema\":{\"type\":\"object\",\"properties\":{\"summary\":{\"type\":\"string\"}}},"
            + "\"timeout_seconds\":30,\"cache_ttl_seconds\":300}";

    @Test
    void givenManageScope_create_is201WithTheEndpointAndItsSchemasAsJson() {
        TestServer.Reply reply = server.postJson("/v1/endpoints", SUMMARIZE);

        assertThat(reply.status()).isEqualTo(201);
        JsonNode endpoint = reply.json();
        assertThat(endpoint.path("id").asString()).isEqualTo("ep_000001");
        assertThat(reply.header("Location")).isEqualTo("/v1/endpoints/ep_000001");
        assertThat(endpoint.path("path").asString()).isEqualTo("/api/v1/summarize");
        assertThat(endpoint.path("input_schema")).isEqualTo(TestServer.JSON.readTree(Definitions.INPUT_SCHEMA));
        assertThat(endpoint.path("output_schema").path("properties").has("summary")).isTrue();
        assertThat(endpoint.path("timeout_seconds").asInt()).isEqualTo(30);
        assertThat(endpoint.path("cache_ttl_seconds").asInt()).isEqualTo(300);
        assertThat(endpoint.has("default_prompt_id")).isFalse();
        assertThat(endpoint.path("openapi_url").asString()).isEqualTo("/v1/endpoints/ep_000001/openapi.json");
        assertThat(endpoint.path("created_at").asString()).isEqualTo("2025-01-01T00:00:00Z");
    }

    @Test
    void givenOnlyPathAndInputSchema_create_appliesTheDefaults() {
        JsonNode endpoint = server.postJson("/v1/endpoints",
                "{\"path\":\"/x\",\"input_schema\":{\"type\":\"object\"}}").json();

        assertThat(endpoint.path("timeout_seconds").asInt()).isEqualTo(60);
        assertThat(endpoint.path("cache_ttl_seconds").asInt()).isZero();
        assertThat(endpoint.path("description").asString()).isEmpty();
        assertThat(endpoint.has("output_schema")).isFalse();
    }

    @Test
    void givenCreatedEndpoint_listAndGet_showIt() {
        String id = server.postJson("/v1/endpoints", SUMMARIZE).json().path("id").asString();
        server.postJson("/v1/endpoints", "{\"path\":\"/a\",\"input_schema\":{}}");

        TestServer.Reply list = server.get("/v1/endpoints");
        TestServer.Reply one = server.get("/v1/endpoints/" + id);

        assertThat(list.json().path("data").valueStream().map(e -> e.path("path").asString()))
                .containsExactly("/a", "/api/v1/summarize");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().path("description").asString()).isEqualTo("Summaries");
    }

    @Test
    void givenTakenPath_create_is409() {
        server.postJson("/v1/endpoints", SUMMARIZE);

        TestServer.Reply reply = server.postJson("/v1/endpoints", SUMMARIZE);

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.errorCode()).isEqualTo("conflict");
        assertThat(reply.errorMessage()).contains("/api/v1/summarize");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"input_schema\":{}}                                           | path          | Field 'path' is required",
        "{\"path\":\"/x\"}                                                 | input_schema  | Field 'input_schema' is required",
        "{\"path\":\"/x\",\"input_schema\":\"text\"}                       | input_schema  | Field 'input_schema' must be a JSON Schema object",
        "{\"path\":\"/x\",\"input_schema\":{\"type\":\"nonsense\"}}         | input_schema  | Unknown type 'nonsense' at /type",
        "{\"path\":\"/x\",\"input_schema\":{},\"output_schema\":{\"type\":\"nonsense\"}} | output_schema | Unknown type 'nonsense' at /type",
        "{\"path\":\"/v1/mine\",\"input_schema\":{}}                       | path          | Field 'path' must not be under '/v1', which Prompt Engine serves itself",
        "{\"path\":\"no-slash\",\"input_schema\":{}}                       | path          | Field 'path' must look like '/api/v1/summarize': up to 200 characters of letters, digits, '-', '_', '.' and '~' in '/'-separated segments",
        "{\"path\":\"/x\",\"input_schema\":{},\"timeout_seconds\":0}        | timeout_seconds | Field 'timeout_seconds' must be between 1 and 600",
        "{\"path\":\"/x\",\"input_schema\":{},\"cache_ttl_seconds\":-1}     | cache_ttl_seconds | Field 'cache_ttl_seconds' must be between 0 and 2592000",
        "{\"path\":\"/x\",\"input_schema\":{},\"default_prompt_id\":\"p\"}  | default_prompt_id | Field 'default_prompt_id' is not allowed; the fields are path, description, input_schema, output_schema, timeout_seconds, cache_ttl_seconds",
    })
    void givenInvalidBody_create_is400NamingTheField(String body, String field, String message) {
        TestServer.Reply reply = server.postJson("/v1/endpoints", body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("validation_error");
        assertThat(reply.errorField()).isEqualTo(field);
        assertThat(reply.errorMessage()).isEqualTo(message);
        assertThat(server.get("/v1/endpoints").json().path("data").isEmpty()).isTrue();
    }

    @Test
    void givenPatch_update_changesOnlyTheFieldsGivenAndNullRemovesTheOutputSchema() {
        String id = server.postJson("/v1/endpoints", SUMMARIZE).json().path("id").asString();

        TestServer.Reply reply = server.sendJson(server.authorized("/v1/endpoints/" + id), "PATCH",
                "{\"timeout_seconds\":5,\"output_schema\":null}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("timeout_seconds").asInt()).isEqualTo(5);
        assertThat(reply.json().has("output_schema")).isFalse();
        assertThat(reply.json().path("description").asString()).isEqualTo("Summaries");
        assertThat(server.get("/v1/endpoints/" + id).json().has("output_schema")).isFalse();
    }

    @Test
    void givenPromptOfTheEndpoint_update_makesItTheDefaultAndNullRemovesIt() {
        String id = server.postJson("/v1/endpoints", SUMMARIZE).json().path("id").asString();
        server.postJson("/v1/prompts", "{\"name\":\"first\",\"endpoint_id\":\"" + id + "\"}");
        String second = server.postJson("/v1/prompts", "{\"name\":\"second\",\"endpoint_id\":\"" + id + "\"}").json()
                .path("id").asString();

        JsonNode chosen = server.sendJson(server.authorized("/v1/endpoints/" + id), "PATCH",
                "{\"default_prompt_id\":\"" + second + "\"}").json();
        JsonNode cleared = server.sendJson(server.authorized("/v1/endpoints/" + id), "PATCH",
                "{\"default_prompt_id\":null}").json();

        assertThat(chosen.path("default_prompt_id").asString()).isEqualTo(second);
        assertThat(cleared.has("default_prompt_id")).isFalse();
    }

    @Test
    void givenEmptyPatch_update_is400SayingWhatCanBeSet() {
        String id = server.postJson("/v1/endpoints", SUMMARIZE).json().path("id").asString();

        TestServer.Reply reply = server.sendJson(server.authorized("/v1/endpoints/" + id), "PATCH", "{}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorMessage()).startsWith("Set at least one of 'path'");
    }

    @Test
    void givenEndpoint_delete_answersItAndItIsGone() {
        String id = server.postJson("/v1/endpoints", SUMMARIZE).json().path("id").asString();

        TestServer.Reply deleted = server.send(server.authorized("/v1/endpoints/" + id).DELETE().build());

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().path("id").asString()).isEqualTo(id);
        assertThat(server.get("/v1/endpoints/" + id).status()).isEqualTo(404);
    }

    @Test
    void givenAnotherTenantsEndpoint_everyRoute_answersExactlyLikeAMissingOne() {
        server.authentication.register(GLOBEX_KEY, new Caller(new TenantId("ten_globex"), new ApiKeyId("key_g"),
                EnumSet.allOf(Scope.class), "free", OptionalInt.empty()));
        String id = server.postJson("/v1/endpoints", SUMMARIZE).json().path("id").asString();
        String missing = "ep_999999";

        for (String method : new String[] {"GET", "PATCH", "DELETE"}) {
            String body = method.equals("PATCH") ? "{\"description\":\"mine\"}" : null;
            TestServer.Reply foreign = server.sendJson(server.anonymous("/v1/endpoints/" + id)
                    .header("x-api-key", GLOBEX_KEY).header("X-Request-Id", "r1"), method, body);
            TestServer.Reply absent = server.sendJson(server.authorized("/v1/endpoints/" + missing)
                    .header("X-Request-Id", "r1"), method, body);
            assertThat(foreign.status()).isEqualTo(404);
            assertThat(foreign.body()).isEqualTo(absent.body().replace(missing, id));
        }
        assertThat(server.send(server.anonymous("/v1/endpoints/" + id + "/openapi.json")
                .header("x-api-key", GLOBEX_KEY).GET().build()).status()).isEqualTo(404);
        assertThat(server.get("/v1/endpoints/" + id).json().path("description").asString()).isEqualTo("Summaries");
    }

    @Test
    void givenReadOnlyKey_readsSucceedAndWritesAre403NamingManage() {
        server.authentication.register(READ_ONLY_KEY, new Caller(new TenantId("ten_acme"), new ApiKeyId("key_r"),
                EnumSet.of(Scope.READ), "free", OptionalInt.empty()));
        String id = server.postJson("/v1/endpoints", SUMMARIZE).json().path("id").asString();

        TestServer.Reply read = server.send(server.anonymous("/v1/endpoints/" + id)
                .header("x-api-key", READ_ONLY_KEY).GET().build());
        TestServer.Reply write = server.sendJson(server.anonymous("/v1/endpoints").header("x-api-key", READ_ONLY_KEY),
                "POST", "{\"path\":\"/y\",\"input_schema\":{}}");

        assertThat(read.status()).isEqualTo(200);
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.errorMessage()).isEqualTo("This API key lacks the 'manage' scope");
    }

    @Test
    void givenNoKey_endpointRoutes_are401() {
        assertThat(server.send(server.anonymous("/v1/endpoints").GET().build()).status()).isEqualTo(401);
    }
}
