package io.promptengine.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.application.port.in.Caller;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.Scope;
import io.promptengine.domain.tenant.TenantId;
import java.net.http.HttpRequest;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class PromptRoutesTest extends SharedServerTest {

    private static final String GLOBEX_KEY = "pe_live_globex_manager";
    private static final String DRAFT = "{\"system_template\":\"You summarise.\","
            + "\"user_template\":\"Summarise in {{max_length}} words: {{text}}\",\"model\":\"echo\","
            + "\"provider\":\"local\",\"temperature\":0.2,\"max_tokens\":300,"
            + "\"output_schema\":{\"type\":\"object\"},\"fallback_models\":[\"local/other\"]}";

    private String endpoint;

    @BeforeEach
    void endpoint() {
        endpoint = server.postJson("/v1/endpoints", "{\"path\":\"/api/v1/summarize\",\"input_schema\":"
                + Definitions.INPUT_SCHEMA + "}").json().path("id").asString();
    }

    @Test
    void givenManageScope_create_is201WithThePromptAndItsMetadata() {
        TestServer.Reply reply = server.postJson("/v1/prompts", "{\"name\":\"summarize\",\"endpoint_id\":\""
                + endpoint + "\",\"title\":\"Summary\",\"description\":\"Short\",\"tags\":[\"text\"],\"author\":\"Ada\"}");

        assertThat(reply.status()).isEqualTo(201);
        JsonNode prompt = reply.json();
        assertThat(prompt.path("id").asString()).isEqualTo("00000000-0000-4000-8000-000000000001");
        assertThat(reply.header("Location")).isEqualTo("/v1/prompts/" + prompt.path("id").asString());
        assertThat(prompt.path("endpoint_id").asString()).isEqualTo(endpoint);
        assertThat(prompt.path("tags").toString()).isEqualTo("[\"text\"]");
        assertThat(prompt.path("author").asString()).isEqualTo("Ada");
        assertThat(server.get("/v1/endpoints/" + endpoint).json().path("default_prompt_id").asString())
                .isEqualTo(prompt.path("id").asString());
    }

    @Test
    void givenPromptsOfAnEndpointAndOfNone_list_filtersByEndpointId() {
        create("{\"name\":\"b\",\"endpoint_id\":\"" + endpoint + "\"}");
        create("{\"name\":\"a\"}");

        assertThat(names(server.get("/v1/prompts"))).containsExactly("a", "b");
        assertThat(names(server.get("/v1/prompts?endpoint_id=" + endpoint))).containsExactly("b");
        TestServer.Reply unknown = server.get("/v1/prompts?endpoint=" + endpoint);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.errorField()).isEqualTo("endpoint");
    }

    @Test
    void givenPatch_update_changesTheMetadataGiven() {
        String id = create("{\"name\":\"before\",\"title\":\"T\"}");

        TestServer.Reply reply = server.sendJson(server.authorized("/v1/prompts/" + id), "PATCH",
                "{\"name\":\"after\",\"tags\":[\"x\"]}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("name").asString()).isEqualTo("after");
        assertThat(reply.json().path("title").asString()).isEqualTo("T");
        assertThat(server.get("/v1/prompts/" + id).json().path("tags").toString()).isEqualTo("[\"x\"]");
    }

    @Test
    void givenTakenName_create_is409() {
        create("{\"name\":\"same\"}");

        TestServer.Reply reply = server.postJson("/v1/prompts", "{\"name\":\"same\"}");

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.errorCode()).isEqualTo("conflict");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{}                                         | name        | Field 'name' is required",
        "{\"name\":\"Not Valid\"}                   | name        | Field 'name' must be 1-63 lowercase letters, digits or '-', starting with a letter or digit",
        "{\"name\":\"p\",\"tags\":\"x\"}            | tags        | Field 'tags' must be an array of strings",
        "{\"name\":\"p\",\"endpoint_id\":\"ep_none\"} | endpoint_id | Endpoint 'ep_none' not found",
        "{\"name\":\"p\",\"version\":1}             | version     | Field 'version' is not allowed; the fields are name, endpoint_id, title, description, tags, author",
    })
    void givenInvalidBody_create_is400NamingTheField(String body, String field, String message) {
        TestServer.Reply reply = server.postJson("/v1/prompts", body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorField()).isEqualTo(field);
        assertThat(reply.errorMessage()).isEqualTo(message);
    }

    @Test
    void givenDraft_createVersion_is201WithEveryFieldAndNumbersTheNext() {
        String id = create("{\"name\":\"summarize\",\"endpoint_id\":\"" + endpoint + "\"}");

        TestServer.Reply first = server.postJson("/v1/prompts/" + id + "/versions", DRAFT);
        TestServer.Reply second = server.postJson("/v1/prompts/" + id + "/versions",
                "{\"user_template\":\"{{text}}\",\"model\":\"echo\"}");

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.header("Location")).isEqualTo("/v1/prompts/" + id + "/versions/1");
        JsonNode version = first.json();
        assertThat(version.path("version").asInt()).isEqualTo(1);
        assertThat(version.path("status").asString()).isEqualTo("draft");
        assertThat(version.path("system_template").asString()).isEqualTo("You summarise.");
        assertThat(version.path("provider").asString()).isEqualTo("local");
        assertThat(version.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(version.path("max_tokens").asInt()).isEqualTo(300);
        assertThat(version.path("output_schema").toString()).isEqualTo("{\"type\":\"object\"}");
        assertThat(version.path("fallback_models").toString()).isEqualTo("[\"local/other\"]");
        assertThat(version.has("published_at")).isFalse();
        assertThat(second.json().path("version").asInt()).isEqualTo(2);
        assertThat(server.get("/v1/prompts/" + id + "/versions").json().path("data").valueStream()
                .map(v -> v.path("version").asInt())).containsExactly(2, 1);
        assertThat(server.get("/v1/prompts/" + id + "/versions/1").json()).isEqualTo(version);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"model\":\"echo\"}                                          | user_template | Field 'user_template' is required",
        "{\"user_template\":\"{{text}}\"}                              | model         | Field 'model' is required",
        "{\"user_template\":\"{{txt}}\",\"model\":\"echo\"}            | user_template | Variable 'txt' in 'user_template' is not declared by the endpoint's input schema; it declares max_length, options, options.format, text",
        "{\"user_template\":\"{{text\",\"model\":\"echo\"}             | user_template | Field 'user_template' is not a valid template",
        "{\"user_template\":\"{{text}}\",\"model\":\"gpt-4o\"}         | model         | No provider is configured for model 'gpt-4o'; register one or name it as 'provider/model'",
        "{\"user_template\":\"{{text}}\",\"model\":\"echo\",\"temperature\":1.5} | temperature | Field 'temperature' must be between 0.0 and 1.0",
        "{\"user_template\":\"{{text}}\",\"model\":\"echo\",\"output_schema\":{\"type\":\"nonsense\"}} | output_schema | Unknown type 'nonsense' at /type",
        "{\"user_template\":\"{{text}}\",\"model\":\"echo\",\"stream\":true} | stream  | Field 'stream' is not allowed; the fields are system_template, user_template, model, provider, temperature, max_tokens, output_schema, fallback_models",
    })
    void givenInvalidDraft_createVersion_is400NamingTheField(String body, String field, String message) {
        String id = create("{\"name\":\"summarize\",\"endpoint_id\":\"" + endpoint + "\"}");

        TestServer.Reply reply = server.postJson("/v1/prompts/" + id + "/versions", body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorField()).isEqualTo(field);
        assertThat(reply.errorMessage()).isEqualTo(message);
        assertThat(server.get("/v1/prompts/" + id + "/versions").json().path("data").isEmpty()).isTrue();
    }

    @Test
    void givenDrafts_publish_makesOneLiveThenArchivesItForTheNext() {
        String id = create("{\"name\":\"p\"}");
        server.postJson("/v1/prompts/" + id + "/versions", "{\"user_template\":\"one\",\"model\":\"echo\"}");
        server.postJson("/v1/prompts/" + id + "/versions", "{\"user_template\":\"two\",\"model\":\"echo\"}");

        TestServer.Reply first = server.send(server.authorized("/v1/prompts/" + id + "/versions/1/publish")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        TestServer.Reply second = server.postJson("/v1/prompts/" + id + "/versions/2/publish", "{}");
        TestServer.Reply again = server.postJson("/v1/prompts/" + id + "/versions/2/publish", "{}");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().path("status").asString()).isEqualTo("live");
        assertThat(first.json().path("published_at").asString()).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(second.json().path("status").asString()).isEqualTo("live");
        assertThat(server.get("/v1/prompts/" + id + "/versions/1").json().path("status").asString())
                .isEqualTo("archived");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorMessage()).isEqualTo("Version 2 is live; only a draft can be published");
    }

    @ParameterizedTest
    @ValueSource(strings = {"3", "0", "one", "99999999999"})
    void givenVersionThePromptDoesNotHave_getAndPublish_are404(String version) {
        String id = create("{\"name\":\"p\"}");
        server.postJson("/v1/prompts/" + id + "/versions", "{\"user_template\":\"one\",\"model\":\"echo\"}");

        assertThat(server.get("/v1/prompts/" + id + "/versions/" + version).status()).isEqualTo(404);
        assertThat(server.postJson("/v1/prompts/" + id + "/versions/" + version + "/publish", "{}").status())
                .isEqualTo(404);
    }

    @Test
    void givenAnotherTenantsPrompt_everyRoute_is404() {
        server.authentication.register(GLOBEX_KEY, new Caller(new TenantId("ten_globex"), new ApiKeyId("key_g"),
                EnumSet.allOf(Scope.class), "free", OptionalInt.empty()));
        String id = create("{\"name\":\"p\"}");
        server.postJson("/v1/prompts/" + id + "/versions", "{\"user_template\":\"one\",\"model\":\"echo\"}");

        TestServer.Reply[] replies = {
            server.send(globex("/v1/prompts/" + id).GET().build()),
            server.sendJson(globex("/v1/prompts/" + id), "PATCH", "{\"title\":\"mine\"}"),
            server.sendJson(globex("/v1/prompts/" + id + "/versions"), "POST",
                    "{\"user_template\":\"x\",\"model\":\"echo\"}"),
            server.send(globex("/v1/prompts/" + id + "/versions").GET().build()),
            server.send(globex("/v1/prompts/" + id + "/versions/1").GET().build()),
            server.sendJson(globex("/v1/prompts/" + id + "/versions/1/publish"), "POST", null),
        };

        for (TestServer.Reply reply : replies) {
            assertThat(reply.status()).isEqualTo(404);
            assertThat(reply.errorMessage()).isEqualTo("Prompt '" + id + "' not found");
        }
        assertThat(names(server.send(globex("/v1/prompts").GET().build()))).isEmpty();
        assertThat(server.get("/v1/prompts/" + id + "/versions/1").json().path("status").asString())
                .isEqualTo("draft");
    }

    private HttpRequest.Builder globex(String path) {
        return server.anonymous(path).header("x-api-key", GLOBEX_KEY);
    }

    private static String create(String body) {
        TestServer.Reply reply = server.postJson("/v1/prompts", body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json().path("id").asString();
    }

    private static List<String> names(TestServer.Reply reply) {
        return reply.json().path("data").valueStream().map(p -> p.path("name").asString()).toList();
    }
}
