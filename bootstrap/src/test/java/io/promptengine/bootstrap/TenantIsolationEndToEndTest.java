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
    /** Until the management API can make acme a prompt, both prompt ids are missing ones. */
    private static final String ACME_PROMPT = "00000000-0000-4000-8000-00000000ac3e";
    private static final String MISSING_PROMPT = "00000000-0000-4000-8000-000000000000";

    private static RunningApp app;
    private static Api acme;
    private static Api globex;

    @BeforeAll
    static void start() {
        app = RunningApp.start();
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
        Map<String, String[]> idsByCollection = Map.of(
                "/v1/executions/", new String[] {execution, MISSING_EXECUTION},
                "/v1/api-keys/", new String[] {key, MISSING_KEY},
                "/v1/prompts/", new String[] {ACME_PROMPT, MISSING_PROMPT});

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
                String route = template.replace("{version}", "1");
                Api.Reply foreign = globex.send(request(route.replace("{id}", ids[0]), method));
                Api.Reply missing = globex.send(request(route.replace("{id}", ids[1]), method));

                String operation = method.toUpperCase(Locale.ROOT) + " " + template;
                assertThat(foreign.status()).as(operation).isEqualTo(404);
                assertThat(foreign.body()).as(operation).isEqualTo(missing.body().replace(ids[1], ids[0]));
                walked.add(operation);
            }
        }

        assertThat(walked).containsExactlyInAnyOrder("GET /v1/executions/{id}", "GET /v1/executions/{id}/status",
                "POST /v1/executions/{id}/cancel", "GET /v1/api-keys/{id}", "DELETE /v1/api-keys/{id}",
                "POST /v1/prompts/{id}/versions/{version}/test");
        assertThat(acme.get("/v1/executions/" + execution).json().path("status").asString()).isEqualTo("completed");
        assertThat(acme.get("/v1/api-keys/" + key).json().has("revoked_at")).isFalse();
    }

    @Test
    void listings_showOnlyTheCallersOwnResources() {
        String execution = acmeExecution();
        String key = acmeKey();

        assertThat(globex.get("/v1/executions").json().path("data").toString()).doesNotContain(execution);
        assertThat(globex.get("/v1/api-keys").json().path("data").toString()).doesNotContain(key);
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

    /**
     * The same request id for both answers, so that they can be compared whole; a route that needs a body gets a
     * valid one, so that only the id decides its answer.
     */
    private static HttpRequest request(String path, String method) {
        HttpRequest.Builder request = globex.request(path).header("X-Request-Id", "req_isolation");
        if (path.endsWith("/test")) {
            return request.header("Content-Type", "application/json")
                    .method(method.toUpperCase(Locale.ROOT), HttpRequest.BodyPublishers.ofString("{\"input\":{}}"))
                    .build();
        }
        return request.method(method.toUpperCase(Locale.ROOT), HttpRequest.BodyPublishers.noBody()).build();
    }
}
