package io.promptengine.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The document describes exactly the routes there are, and the contract check really bites. */
class OpenApiDocumentTest extends SharedServerTest {

    private static final Map<String, List<String>> JSON_WITH_ID = Map.of(
            "Content-Type", List.of("application/json"), "X-Request-Id", List.of("req_1"));


    @Test
    void openApiJson_servesTheClasspathDocument() {
        TestServer.Reply reply = server.send(server.anonymous("/openapi.json").GET().build());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.body()).isEqualTo(OpenApiContract.spec());
        assertThat(reply.json().path("openapi").asString()).isEqualTo("3.1.0");
    }

    @Test
    void document_describesEveryRouteAndNoOther() {
        JsonNode paths = TestServer.JSON.readTree(OpenApiContract.spec()).path("paths");
        List<String> operations = new ArrayList<>();
        for (var path : paths.properties()) {
            for (String method : path.getValue().propertyNames()) {
                operations.add(method.toUpperCase() + " " + path.getKey());
            }
        }

        assertThat(operations).containsExactlyInAnyOrder(
                "POST /v1/prompt/execute",
                "GET /v1/executions",
                "GET /v1/executions/{id}",
                "GET /v1/executions/{id}/status",
                "POST /v1/executions/{id}/cancel",
                "GET /v1/usage",
                "POST /v1/chat/completions",
                "GET /v1/models",
                "POST /v1/api-keys",
                "GET /v1/api-keys",
                "GET /v1/api-keys/{id}",
                "DELETE /v1/api-keys/{id}",
                "GET /v1/audit-events",
                "POST /v1/endpoints",
                "GET /v1/endpoints",
                "GET /v1/endpoints/{id}",
                "PATCH /v1/endpoints/{id}",
                "DELETE /v1/endpoints/{id}",
                "GET /v1/endpoints/{id}/openapi.json",
                "POST /v1/webhooks",
                "GET /v1/webhooks",
                "GET /v1/webhooks/{id}",
                "PATCH /v1/webhooks/{id}",
                "DELETE /v1/webhooks/{id}",
                "POST /v1/webhooks/{id}/rotate-secret",
                "GET /v1/webhooks/{id}/deliveries",
                "POST /v1/webhooks/{id}/deliveries/{delivery}/retry",
                "POST /v1/webhooks/{id}/test",
                "POST /v1/prompts",
                "GET /v1/prompts",
                "GET /v1/prompts/{id}",
                "PATCH /v1/prompts/{id}",
                "POST /v1/prompts/{id}/versions",
                "GET /v1/prompts/{id}/versions",
                "GET /v1/prompts/{id}/versions/{version}",
                "POST /v1/prompts/{id}/versions/{version}/publish",
                "POST /v1/admin/tenants",
                "GET /v1/admin/tenants",
                "GET /v1/admin/tenants/{tenant}",
                "PATCH /v1/admin/tenants/{tenant}",
                "POST /v1/admin/tenants/{tenant}/api-keys",
                "POST /v1/admin/plans",
                "GET /v1/admin/plans",
                "GET /v1/admin/plans/{name}",
                "GET /health/live",
                "GET /health/ready",
                "GET /openapi.json",
                "GET /metrics",
                "POST /v1/prompt/{uuid}/{provider}",
                "POST /v1/prompts/{id}/versions/{version}/test");
    }

    @Test
    void document_describesTenantEndpointCallsAsOneReusablePathItem() {
        JsonNode call = TestServer.JSON.readTree(OpenApiContract.spec())
                .path("components").path("pathItems").path("TenantEndpoint").path("post");

        assertThat(call.path("operationId").asString()).isEqualTo("callTenantEndpoint");
        assertThat(call.path("responses").path("200").path("content").propertyNames())
                .containsExactlyInAnyOrder("application/json", "text/plain", "text/event-stream");
        assertThat(call.path("responses").path("200").path("headers").propertyNames())
                .contains("X-Execution-Id", "X-RateLimit-Limit", "X-Request-Id");
    }

    @Test
    void contract_holdsUnroutedPostsToTheTenantEndpointOperation() {
        Map<String, List<String>> text = Map.of("Content-Type", List.of("text/plain; charset=utf-8"),
                "X-Request-Id", List.of("req_1"), "X-Execution-Id", List.of("exec_1"), "X-RateLimit-Limit",
                List.of("60"), "X-RateLimit-Remaining", List.of("59"), "X-RateLimit-Reset", List.of("1748513791"));

        assertThat(OpenApiContract.problems("POST", "/api/v1/summarize", 200, text, "A summary.")).isEmpty();
        assertThat(OpenApiContract.problems("POST", "/api/v1/summarize", 201, text, "A summary.")).isNotEmpty();
        assertThat(OpenApiContract.problems("POST", "/api/v1/summarize", 200,
                Map.of("Content-Type", List.of("text/plain"), "X-Request-Id", List.of("req_1")), "A summary."))
                .as("the execution id and rate-limit headers are required").isNotEmpty();
        assertThat(OpenApiContract.problems("POST", "/api/v1/summarize", 404, JSON_WITH_ID,
                "{\"error\":{\"code\":\"not_found\",\"message\":\"m\",\"request_id\":\"r\",\"x\":1}}"))
                .contains("undeclared property $.error.x");
    }

    @Test
    void document_describesTheUnknownFieldRuleOfTheExecuteBody() {
        JsonNode request = TestServer.JSON.readTree(OpenApiContract.spec())
                .path("components").path("schemas").path("ExecuteRequest");

        assertThat(request.path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(request.path("description").asString()).contains("Unknown fields are refused");
    }

    @Test
    void contract_flagsAnUndocumentedStatusValue() {
        String body = "{\"id\":\"exec_1\",\"status\":\"done\",\"created_at\":\"2025-05-29T10:15:30Z\"}";

        assertThat(OpenApiContract.problems("GET", "/v1/executions/exec_1/status", 200, JSON_WITH_ID, body))
                .isNotEmpty();
    }

    @Test
    void contract_flagsAMissingRequiredField() {
        String body = "{\"id\":\"exec_1\",\"status\":\"queued\"}";

        assertThat(OpenApiContract.problems("GET", "/v1/executions/exec_1/status", 200, JSON_WITH_ID, body))
                .isNotEmpty();
    }

    @Test
    void contract_flagsAnUndocumentedField() {
        String body = "{\"id\":\"exec_1\",\"status\":\"queued\",\"created_at\":\"2025-05-29T10:15:30Z\",\"x\":1}";

        assertThat(OpenApiContract.problems("GET", "/v1/executions/exec_1/status", 200, JSON_WITH_ID, body))
                .isNotEmpty();
    }

    @Test
    void contract_flagsAnErrorThatIsNotTheEnvelope() {
        assertThat(OpenApiContract.problems("GET", "/v1/executions/exec_1", 404, JSON_WITH_ID,
                "{\"title\":\"Not found\"}")).isNotEmpty();
    }

    @Test
    void contract_flagsAMissingRequestId() {
        String body = "{\"id\":\"exec_1\",\"status\":\"queued\",\"created_at\":\"2025-05-29T10:15:30Z\"}";

        assertThat(OpenApiContract.problems("GET", "/v1/executions/exec_1/status", 200,
                Map.of("Content-Type", List.of("application/json")), body)).isNotEmpty();
    }

    @Test
    void contract_flagsAnUndocumentedNestedField() {
        String body = "{\"error\":{\"code\":\"not_found\",\"message\":\"m\",\"request_id\":\"r\",\"trace\":\"x\"}}";

        assertThat(OpenApiContract.problems("GET", "/v1/executions/exec_1", 404, JSON_WITH_ID, body))
                .contains("undeclared property $.error.trace");
    }

    @Test
    void contract_flagsATimestampThatIsNotRfc3339() {
        String body = "{\"id\":\"exec_1\",\"status\":\"queued\",\"created_at\":\"29/05/2025 10:15\"}";

        assertThat(OpenApiContract.problems("GET", "/v1/executions/exec_1/status", 200, JSON_WITH_ID, body))
                .isNotEmpty();
    }

    @Test
    void contract_acceptsAConformingResponse() {
        String body = "{\"id\":\"exec_1\",\"status\":\"queued\",\"created_at\":\"2025-05-29T10:15:30Z\"}";

        assertThat(OpenApiContract.problems("GET", "/v1/executions/exec_1/status", 200, JSON_WITH_ID, body))
                .isEmpty();
    }
}
