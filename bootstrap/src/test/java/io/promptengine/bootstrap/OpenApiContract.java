package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.promptengine.domain.endpoint.EndpointPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks a response against the server's own {@code /openapi.json}: the path and method are documented, the
 * status is one of the operation's responses, and the body validates against the documented schema (OpenAPI 3.1
 * schemas are JSON Schema 2020-12). A {@code POST} to a path the document does not list, outside Prompt Engine's
 * own, is a tenant endpoint call, held to the document's {@code TenantEndpoint} operation. The end-to-end tests
 * run every response they receive through it, so the document cannot drift from the code.
 */
final class OpenApiContract {

    private static final String BASE = "https://prompt-engine.test/openapi.json";
    private static final String INLINE = "https://prompt-engine.test/inline.json";
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final JsonNode document;
    private final SchemaRegistry registry;
    private final List<Route> routes = new ArrayList<>();

    private record Route(String template, Pattern pattern, JsonNode item) {
    }

    OpenApiContract(String openApiJson) {
        this.document = JSON.readTree(openApiJson);
        assertThat(document.path("openapi").asString()).as("OpenAPI version").startsWith("3.1");
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemas(Map.of(BASE, openApiJson)));
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            String regex = Pattern.quote(path.getKey()).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
            routes.add(new Route(path.getKey(), Pattern.compile(regex), path.getValue()));
        }
        // Literal paths before templated ones, so /v1/executions wins over /v1/executions/{id} patterns.
        routes.sort((a, b) -> Boolean.compare(a.template.contains("{"), b.template.contains("{")));
    }

    /** Fails the test unless the response is what the document says this operation answers. */
    void assertConforms(String method, String rawPath, int status, Optional<String> contentType, String body) {
        String path = rawPath.contains("?") ? rawPath.substring(0, rawPath.indexOf('?')) : rawPath;
        Optional<Route> route = routes.stream().filter(r -> r.pattern.matcher(path).matches()).findFirst();
        JsonNode response;
        String where;
        JsonNode operation = route.map(r -> r.item.path(method.toLowerCase(Locale.ROOT)))
                .orElse(MissingNode.getInstance());
        if (operation.isMissingNode() && method.equals("POST") && !EndpointPath.isReserved(path)) {
            // A POST to any other path calls a tenant endpoint, which the document describes once, path-less.
            operation = document.path("components").path("pathItems").path("TenantEndpoint").path("post");
            assertThat(operation.isMissingNode()).as("components.pathItems.TenantEndpoint.post").isFalse();
        }
        if (operation.isMissingNode()) {
            // Unknown routes and wrong methods answer with the shared error responses.
            JsonNode shared = document.path("components").path("responses");
            response = status == 404 ? shared.path("NotFound") : shared.path("MethodNotAllowed");
            if (response.isMissingNode()) {
                response = shared.path("Error");
            }
            where = "unrouted " + method + " " + path;
            assertThat(status).as(where + " status").isIn(404, 405);
        } else {
            JsonNode responses = operation.path("responses");
            where = method + " " + route.map(r -> r.template).orElse(path + " (tenant endpoint)") + " → " + status;
            response = responses.path(String.valueOf(status));
            if (response.isMissingNode()) {
                response = responses.path(status / 100 + "XX");
            }
            if (response.isMissingNode()) {
                response = responses.path("default");
            }
            if (response.isMissingNode()) {
                fail("%s is not documented in /openapi.json", where);
            }
        }
        response = resolve(response);
        if (body.isEmpty()) {
            return;
        }
        String mediaType = contentType.map(t -> t.split(";")[0].strip().toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new AssertionError(where + " has a body but no Content-Type"));
        JsonNode media = response.path("content").path(mediaType);
        if (media.isMissingNode()) {
            fail("%s answers %s, which the document does not list (it lists %s)", where, mediaType,
                    response.path("content").propertyNames());
        }
        if (!mediaType.endsWith("json") || media.path("schema").isMissingNode()) {
            return;
        }
        Schema schema = registry.getSchema(SchemaLocation.of(INLINE), absolutize(media.path("schema")));
        List<Error> errors = schema.validate(JSON.readTree(body));
        assertThat(errors).as("%s body %s against the documented schema", where, body).isEmpty();
    }

    /** An inline schema is validated on its own, so its local references must point into the document. */
    private static JsonNode absolutize(JsonNode schema) {
        JsonNode copy = schema.deepCopy();
        rewriteRefs(copy);
        return copy;
    }

    private static void rewriteRefs(JsonNode node) {
        if (node instanceof ObjectNode object && object.path("$ref").isString()
                && object.get("$ref").asString().startsWith("#")) {
            object.put("$ref", BASE + object.get("$ref").asString());
        }
        node.forEach(OpenApiContract::rewriteRefs);
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        while (current.has("$ref")) {
            String ref = current.get("$ref").asString();
            assertThat(ref).as("local $ref").startsWith("#/");
            current = document.at(ref.substring(1));
        }
        return current;
    }
}
