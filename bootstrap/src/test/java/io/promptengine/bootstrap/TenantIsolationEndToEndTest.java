package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 3's isolation rule, over real HTTP: a second tenant's key, sent to every tenant route that names a
 * resource, gets exactly the answer a missing id gets, and changes nothing. The routes are read from /openapi.json,
 * so a new route with an id cannot be forgotten here.
 */
class TenantIsolationEndToEndTest {

    private static final String MISSING_EXECUTION = "exec_0000000000000000000000000";
    private static final String MISSING_KEY = "key_00000000000000000000000";
    private static final String MISSING_ENDPOINT = "ep_00000000000000000000000";
    private static final String MISSING_PROMPT = "00000000-0000-4000-8000-000000000000";
    private static final String MISSING_WEBHOOK = "wh_00000000000000000000000";

    private static RunningApp app;
    private static Api acme;
    private static Api globex;

    @BeforeAll
    static void start() {
        app = RunningApp.start(Map.of("PE_WEBHOOK_ALLOW_HTTP", "true", "PE_WEBHOOK_ALLOW_HOSTS", "127.0.0.1"));
        Operator operator = new Operator(app);
        operator.createTenant("acme", "pro");
        operator.createTenant("globex", "free");
        acme = app.api().withKey(operator.issueKey("acme", "execute", "read", "manage"));
        globex = app.api().withKey(operator.issueKey("globex", "execute", "read", "manage"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void everyTenantRouteWithAnId_withAnotherTenantsKey_answersExactlyLikeAMissingId() {
        String execution = acmeExecution();
        String key = acmeKey();
        String endpoint = acmeEndpoint();
        String prompt = acmePrompt();
        String webhook = acmeWebhook();
        Map<String, String[]> idsByCollection = Map.of(
                "/v1/webhooks/", new String[] {webhook, MISSING_WEBHOOK},
                "/v1/executions/", new String[] {execution, MISSING_EXECUTION},
                "/v1/api-keys/", new String[] {key, MISSING_KEY},
                "/v1/endpoints/", new String[] {endpoint, MISSING_ENDPOINT},
                "/v1/prompts/", new String[] {prompt, MISSING_PROMPT});

        List<String> walked = new ArrayList<>();
        JsonNode paths = Api.JSON.readTree(app.api().get("/openapi.json").body()).path("paths");
        for (var path : paths.properties()) {
            String template = path.getKey();
            if (!template.contains("{id}") || template.startsWith("/v1/admin/")) {
                continue;
            }
            String[] ids = idsByCollection.entrySet().stream()
                    .filter(collection -> template.startsWith(collection.getKey())).map(Map.Entry::getValue)
                    .findFirst().orElseGet(() -> fail("%s names a resource this walk does not know; add it", template));
            for (String method : path.getValue().propertyNames()) {
                String example = example(path.getValue().path(method));
                Api.Reply foreign = globex.send(request(route(template, ids[0]), method, example));
                Api.Reply missing = globex.send(request(route(template, ids[1]), method, example));

                String operation = method.toUpperCase(Locale.ROOT) + " " + template;
                assertThat(foreign.status()).as(operation).isEqualTo(404);
                assertThat(foreign.body()).as(operation).isEqualTo(missing.body().replace(ids[1], ids[0]));
                walked.add(operation);
            }
        }

        assertThat(walked).containsExactlyInAnyOrder("GET /v1/executions/{id}", "GET /v1/executions/{id}/status",
                "POST /v1/executions/{id}/cancel", "GET /v1/api-keys/{id}", "DELETE /v1/api-keys/{id}",
                "GET /v1/endpoints/{id}", "PATCH /v1/endpoints/{id}", "DELETE /v1/endpoints/{id}",
                "GET /v1/endpoints/{id}/openapi.json", "GET /v1/prompts/{id}", "PATCH /v1/prompts/{id}",
                "POST /v1/prompts/{id}/versions", "GET /v1/prompts/{id}/versions",
                "GET /v1/prompts/{id}/versions/{version}", "POST /v1/prompts/{id}/versions/{version}/publish",
                "POST /v1/prompts/{id}/versions/{version}/test", "GET /v1/webhooks/{id}",
                "PATCH /v1/webhooks/{id}", "DELETE /v1/webhooks/{id}", "POST /v1/webhooks/{id}/rotate-secret",
                "GET /v1/webhooks/{id}/deliveries", "POST /v1/webhooks/{id}/deliveries/{delivery}/retry",
                "POST /v1/webhooks/{id}/test");
        assertThat(acme.get("/v1/executions/" + execution).json().path("status").asString()).isEqualTo("completed");
        assertThat(acme.get("/v1/api-keys/" + key).json().has("revoked_at")).isFalse();
        assertThat(acme.get("/v1/endpoints/" + endpoint).json().path("timeout_seconds").asInt()).isEqualTo(60);
        assertThat(acme.get("/v1/webhooks/" + webhook).json().path("enabled").asBoolean()).isTrue();
        assertThat(acme.get("/v1/prompts/" + prompt + "/versions").json().path("data").valueStream()
                .map(version -> version.path("status").asString())).containsExactly("draft");
    }

    @Test
    void listings_showOnlyTheCallersOwnResources() {
        String execution = acmeExecution();
        String key = acmeKey();

        assertThat(globex.get("/v1/executions").json().path("data").toString()).doesNotContain(execution);
        assertThat(globex.get("/v1/api-keys").json().path("data").toString()).doesNotContain(key);
        assertThat(globex.get("/v1/endpoints").json().path("data").toString()).doesNotContain(acmeEndpoint());
        assertThat(globex.get("/v1/prompts").json().path("data").toString()).doesNotContain(acmePrompt());
        assertThat(globex.get("/v1/webhooks").json().path("data").toString()).doesNotContain(acmeWebhook());
        assertThat(acme.get("/v1/executions").json().path("data").toString()).contains(execution);
    }

    private static String acmeExecution() {
        return acme.post("/v1/prompt/execute", "{\"model\":\"echo\",\"input\":\"acme only\"}").json().path("id")
                .asString();
    }

    private static String acmeKey() {
        return acme.post("/v1/api-keys", "{\"name\":\"acme ci\",\"scopes\":[\"read\"]}").json().path("id")
                .asString();
    }

    private static String acmeEndpoint() {
        return acme.get("/v1/endpoints").json().path("data").valueStream().findFirst()
                .orElseGet(() -> acme.post("/v1/endpoints", "{\"path\":\"/acme\",\"input_schema\":{}}").json())
                .path("id").asString();
    }

    /** A webhook endpoint on a loopback port nothing listens on: its deliveries fail, which no test here reads. */
    private static String acmeWebhook() {
        return acme.get("/v1/webhooks").json().path("data").valueStream().findFirst()
                .orElseGet(() -> acme.post("/v1/webhooks", "{\"url\":\"http://127.0.0.1:9/acme\"}").json())
                .path("id").asString();
    }

    /** A prompt of no endpoint with one draft, version 1. */
    private static String acmePrompt() {
        return acme.get("/v1/prompts").json().path("data").valueStream().findFirst().orElseGet(() -> {
            JsonNode prompt = acme.post("/v1/prompts", "{\"name\":\"acme\"}").json();
            acme.post("/v1/prompts/" + prompt.path("id").asString() + "/versions",
                    "{\"user_template\":\"{{message}}\",\"model\":\"echo\"}");
            return prompt;
        }).path("id").asString();
    }

    private static String route(String template, String id) {
        return template.replace("{id}", id).replace("{version}", "1").replace("{delivery}", "evt_none");
    }

    /** The operation's first documented request example, so that only the id can make the answer a 404. */
    private static String example(JsonNode operation) {
        JsonNode examples = operation.path("requestBody").path("content").path("application/json").path("examples");
        return examples.valueStream().findFirst().map(example -> example.path("value").toString()).orElse(null);
    }

    /** The same request id for both answers, so that they can be compared whole. */
    private static HttpRequest request(String path, String method, String json) {
        HttpRequest.Builder request = globex.request(path).header("X-Request-Id", "req_isolation");
        return json == null ? request.method(method.toUpperCase(Locale.ROOT), HttpRequest.BodyPublishers.noBody())
                .build() : request.header("Content-Type", "application/json")
                .method(method.toUpperCase(Locale.ROOT), HttpRequest.BodyPublishers.ofString(json)).build();
    }
}
