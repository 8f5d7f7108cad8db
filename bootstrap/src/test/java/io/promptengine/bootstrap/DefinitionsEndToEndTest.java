package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Endpoints, prompts and versions over real HTTP on the real application: definitions checked when saved by the
 * JSON Schema and Mustache adapters, publishing, deleting, scopes, and the demo endpoint the first start makes.
 */
class DefinitionsEndToEndTest {

    private static final String SEED_INPUT = "{\"type\":\"object\",\"required\":[\"text\"],\"properties\":{"
            + "\"text\":{\"type\":\"string\",\"minLength\":1},"
            + "\"max_length\":{\"type\":\"integer\",\"minimum\":10,\"maximum\":1000},"
            + "\"options\":{\"type\":\"object\",\"properties\":{\"format\":{\"type\":\"string\","
            + "\"enum\":[\"bullets\",\"paragraph\"]}}}}}";

    private static RunningApp app;
    private static String acmeKey;
    private static String readerKey;

    @BeforeAll
    static void start() {
        app = RunningApp.start();
        Operator operator = new Operator(app);
        operator.createTenant("acme", "pro");
        acmeKey = operator.issueKey("acme", "execute", "read", "manage");
        readerKey = operator.issueKey("acme", "read");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void givenFirstStart_demoTenant_hasTheSeedsSummarizeEndpointWithLiveAndDraftPrompts() {
        JsonNode endpoint = demoEndpoint();

        assertThat(endpoint.path("input_schema").path("required").toString()).isEqualTo("[\"text\"]");
        assertThat(endpoint.path("input_schema").at("/properties/max_length/minimum").asInt()).isEqualTo(10);
        assertThat(endpoint.path("input_schema").at("/properties/max_length/maximum").asInt()).isEqualTo(1000);
        assertThat(endpoint.path("input_schema").at("/properties/options/properties/format/enum").toString())
                .isEqualTo("[\"bullets\",\"paragraph\"]");
        assertThat(endpoint.path("output_schema").path("required").toString())
                .isEqualTo("[\"summary\",\"word_count\"]");
        JsonNode prompts = app.api().get("/v1/prompts?endpoint_id=" + endpoint.path("id").asString()).json();
        assertThat(prompts.path("data").valueStream().map(p -> p.path("name").asString()))
                .containsExactly("detailed-summary", "experimental", "summarize");
        assertThat(statusOf("summarize")).containsExactly("live");
        assertThat(statusOf("detailed-summary")).containsExactly("live");
        assertThat(statusOf("experimental")).containsExactly("draft");
        assertThat(endpoint.path("default_prompt_id").asString()).isEqualTo(promptId("summarize"));
    }

    @Test
    void givenDemoEndpoint_itsOpenApiDocument_carriesABodyTheInputSchemaAccepts() {
        JsonNode document = app.api().get(demoEndpoint().path("openapi_url").asString()).json();

        JsonNode example = document.at("/paths/~1api~1v1~1summarize/post/requestBody/content/application~1json/example");
        assertThat(document.path("openapi").asString()).isEqualTo("3.1.0");
        assertThat(example.path("text").asString()).isEqualTo("Example text");
        assertThat(example.path("max_length").asInt()).isBetween(10, 1000);
        assertThat(example.at("/options/format").asString()).isEqualTo("bullets");
        assertThat(document.at("/paths/~1api~1v1~1summarize/post/x-codeSamples").valueStream()
                .map(sample -> sample.path("lang").asString())).containsExactly("curl", "Python", "JavaScript", "Java");
    }

    @Test
    void givenRestart_demoEndpoint_isNotMadeAgain() {
        String endpoint = demoEndpoint().path("id").asString();

        app.restart();

        assertThat(app.api().get("/v1/endpoints").json().path("data").valueStream()
                .map(e -> e.path("id").asString())).containsExactly(endpoint);
        assertThat(app.api().get("/v1/prompts").json().path("data").size()).isEqualTo(3);
        assertThat(statusOf("summarize")).containsExactly("live");
    }

    @Test
    void givenSchemaThatIsNotJsonSchema_createEndpoint_is400FromTheSchemaAdapter() {
        Api.Reply reply = acme().post("/v1/endpoints",
                "{\"path\":\"/bad\",\"input_schema\":{\"type\":\"object\",\"minProperties\":\"three\"}}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("validation_error");
        assertThat(reply.json().path("error").path("field").asString()).isEqualTo("input_schema");
    }

    @Test
    void givenRemoteReference_createEndpoint_isRefusedAndNothingIsFetched() {
        Api.Reply reply = acme().post("/v1/endpoints", "{\"path\":\"/remote\",\"input_schema\":{\"type\":\"object\","
                + "\"properties\":{\"x\":{\"$ref\":\"https://example.com/schema.json\"}}}}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().path("error").path("field").asString()).isEqualTo("input_schema");
        assertThat(acme().get("/v1/endpoints").body()).doesNotContain("/remote");
    }

    @Test
    void givenEndpoint_promptDraftPublish_runTheWholeLifecycle() {
        String endpoint = acme().post("/v1/endpoints", "{\"path\":\"/api/v1/lifecycle\",\"input_schema\":"
                + SEED_INPUT + "}").json().path("id").asString();
        String prompt = acme().post("/v1/prompts", "{\"name\":\"summarize\",\"endpoint_id\":\"" + endpoint
                + "\",\"title\":\"Summary\",\"author\":\"Ada\"}").json().path("id").asString();

        Api.Reply undeclared = acme().post("/v1/prompts/" + prompt + "/versions",
                "{\"user_template\":\"Summarise {{body}}\",\"model\":\"echo\"}");
        Api.Reply unparsable = acme().post("/v1/prompts/" + prompt + "/versions",
                "{\"user_template\":\"Summarise {{#text}}\",\"model\":\"echo\"}");
        Api.Reply unroutable = acme().post("/v1/prompts/" + prompt + "/versions",
                "{\"user_template\":\"Summarise {{text}}\",\"model\":\"mistral-large\"}");
        Api.Reply first = acme().post("/v1/prompts/" + prompt + "/versions", "{\"user_template\":"
                + "\"Summarise in {{max_length}} words{{#options.format}} as {{options.format}}{{/options.format}}: "
                + "{{text}}\",\"model\":\"echo\"}");
        Api.Reply second = acme().post("/v1/prompts/" + prompt + "/versions",
                "{\"user_template\":\"{{text}}\",\"model\":\"echo\"}");
        acme().post("/v1/prompts/" + prompt + "/versions/1/publish", "{}");
        Api.Reply published = acme().post("/v1/prompts/" + prompt + "/versions/2/publish", "{}");
        Api.Reply again = acme().post("/v1/prompts/" + prompt + "/versions/2/publish", "{}");

        assertThat(undeclared.status()).isEqualTo(400);
        assertThat(undeclared.json().path("error").path("field").asString()).isEqualTo("user_template");
        assertThat(undeclared.json().path("error").path("message").asString()).contains("'body'");
        assertThat(unparsable.status()).isEqualTo(400);
        assertThat(unparsable.json().path("error").path("field").asString()).isEqualTo("user_template");
        assertThat(unroutable.status()).isEqualTo(400);
        assertThat(unroutable.json().path("error").path("field").asString()).isEqualTo("model");
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(second.json().path("version").asInt()).isEqualTo(2);
        assertThat(published.json().path("status").asString()).isEqualTo("live");
        assertThat(again.status()).isEqualTo(409);
        assertThat(acme().get("/v1/prompts/" + prompt + "/versions").json().path("data").valueStream()
                .map(v -> v.path("status").asString())).containsExactly("live", "archived");
        assertThat(acme().get("/v1/endpoints/" + endpoint).json().path("default_prompt_id").asString())
                .isEqualTo(prompt);
    }

    @Test
    void givenInputSchemaThatDropsAVariableTheLiveVersionUses_updateEndpoint_is400() {
        String endpoint = acme().post("/v1/endpoints", "{\"path\":\"/api/v1/narrowed\",\"input_schema\":"
                + SEED_INPUT + "}").json().path("id").asString();
        String prompt = acme().post("/v1/prompts", "{\"name\":\"p\",\"endpoint_id\":\"" + endpoint + "\"}").json()
                .path("id").asString();
        acme().post("/v1/prompts/" + prompt + "/versions", "{\"user_template\":\"{{text}} {{max_length}}\","
                + "\"model\":\"echo\"}");
        acme().post("/v1/prompts/" + prompt + "/versions/1/publish", "{}");

        Api.Reply reply = acme().patch("/v1/endpoints/" + endpoint,
                "{\"input_schema\":{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}}}}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().path("error").path("message").asString()).contains("'max_length'")
                .contains("prompt 'p'");
    }

    @Test
    void givenEndpointWithPrompts_delete_takesThemAlong() {
        String endpoint = acme().post("/v1/endpoints", "{\"path\":\"/api/v1/doomed\",\"input_schema\":{}}").json()
                .path("id").asString();
        String prompt = acme().post("/v1/prompts", "{\"name\":\"doomed\",\"endpoint_id\":\"" + endpoint + "\"}")
                .json().path("id").asString();

        Api.Reply deleted = acme().delete("/v1/endpoints/" + endpoint);

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(acme().get("/v1/endpoints/" + endpoint).status()).isEqualTo(404);
        assertThat(acme().get("/v1/prompts/" + prompt).status()).isEqualTo(404);
    }

    @Test
    void givenReadKey_definitionsCanBeReadButNotWritten() {
        Api.Reply list = reader().get("/v1/endpoints");
        Api.Reply create = reader().post("/v1/prompts", "{\"name\":\"nope\"}");

        assertThat(list.status()).isEqualTo(200);
        assertThat(create.status()).isEqualTo(403);
        assertThat(create.json().path("error").path("message").asString()).contains("'manage'");
    }

    @Test
    void givenAnotherTenantsKey_theDemoDefinitionsAreInvisible() {
        String endpoint = demoEndpoint().path("id").asString();

        assertThat(acme().get("/v1/endpoints/" + endpoint).status()).isEqualTo(404);
        assertThat(acme().get("/v1/prompts/" + promptId("summarize")).status()).isEqualTo(404);
        assertThat(acme().get("/v1/endpoints").body()).doesNotContain(endpoint);
    }

    /** Made anew each time: a restart moves the application to another port. */
    private static Api acme() {
        return app.api().withKey(acmeKey);
    }

    private static Api reader() {
        return app.api().withKey(readerKey);
    }

    private static JsonNode demoEndpoint() {
        List<JsonNode> endpoints = app.api().get("/v1/endpoints").json().path("data").valueStream()
                .filter(e -> e.path("path").asString().equals("/api/v1/summarize")).toList();
        assertThat(endpoints).hasSize(1);
        return endpoints.get(0);
    }

    private static String promptId(String name) {
        return app.api().get("/v1/prompts").json().path("data").valueStream()
                .filter(p -> p.path("name").asString().equals(name)).findFirst().orElseThrow().path("id").asString();
    }

    private static List<String> statusOf(String prompt) {
        return app.api().get("/v1/prompts/" + promptId(prompt) + "/versions").json().path("data").valueStream()
                .map(version -> version.path("status").asString()).toList();
    }
}
