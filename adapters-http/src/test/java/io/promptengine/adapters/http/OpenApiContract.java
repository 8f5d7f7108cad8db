package io.promptengine.adapters.http;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import io.promptengine.domain.endpoint.EndpointPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Checks an actual response against /openapi.json, the way the end-to-end tests will. */
final class OpenApiContract {

    /** Reported for requests the document does not describe at all (unknown routes, wrong methods). */
    private static final Set<String> UNDOCUMENTED = Set.of("validation.request.path.missing",
            "validation.request.operation.notAllowed");

    private static final String SPEC = load();
    private static final JsonNode DOCUMENT = TestServer.JSON.readTree(SPEC);
    private static final OpenApiInteractionValidator VALIDATOR =
            OpenApiInteractionValidator.createForInlineApiSpecification(SPEC).build();
    /** Where {@link #TENANT_ENDPOINTS} mounts the document's tenant endpoint operation, which has no path of its own. */
    private static final String TENANT_ENDPOINT_PATH = "/tenant-endpoint";
    private static final JsonNode TENANT_ENDPOINT = DOCUMENT.path("components").path("pathItems").path("TenantEndpoint");
    private static final OpenApiInteractionValidator TENANT_ENDPOINTS =
            OpenApiInteractionValidator.createForInlineApiSpecification(tenantEndpointSpec()).build();

    private OpenApiContract() {
    }

    static String spec() {
        return SPEC;
    }

    /** The problems the validator finds with this response, or an empty list; undocumented routes are skipped. */
    static List<String> problems(String method, String path, HttpResponse<String> response) {
        return problems(method, path, response.statusCode(), response.headers().map(), response.body());
    }

    static List<String> problems(String method, String path, int status, Map<String, List<String>> headers,
            String body) {
        SimpleResponse.Builder actual = SimpleResponse.Builder.status(status).withBody(body);
        headers.forEach(actual::withHeader);
        headers.entrySet().stream()
                .filter(header -> header.getKey().equalsIgnoreCase("Content-Type"))
                .findFirst()
                .ifPresent(header -> actual.withContentType(header.getValue().get(0)));
        String pathOnly = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        boolean tenantEndpoint = isTenantEndpointCall(method, pathOnly);
        ValidationReport report = tenantEndpoint
                ? TENANT_ENDPOINTS.validateResponse(TENANT_ENDPOINT_PATH, Request.Method.POST, actual.build())
                : VALIDATOR.validateResponse(pathOnly, Request.Method.valueOf(method), actual.build());
        List<String> problems = report.getMessages().stream()
                .filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
                .filter(message -> !UNDOCUMENTED.contains(message.getKey()))
                .map(message -> message.getKey() + ": " + message.getMessage())
                .collect(Collectors.toList());
        Optional<JsonNode> operation = tenantEndpoint ? Optional.of(TENANT_ENDPOINT.path("post"))
                : operation(method, pathOnly);
        boolean json = headers.entrySet().stream().filter(header -> header.getKey().equalsIgnoreCase("Content-Type"))
                .anyMatch(header -> header.getValue().get(0).startsWith("application/json"));
        operation.flatMap(it -> responseSchema(it, status)).filter(schema -> json).ifPresent(schema ->
                undeclaredProperties(schema, TestServer.JSON.readTree(body), "$", problems));
        return problems;
    }

    /**
     * A {@code POST} to a path the document does not list, outside the paths Prompt Engine serves itself, calls a
     * tenant endpoint: it is held to the document's {@code TenantEndpoint} operation.
     */
    private static boolean isTenantEndpointCall(String method, String path) {
        return method.equals("POST") && operation(method, path).isEmpty() && !EndpointPath.isReserved(path);
    }

    /**
     * The document with the tenant endpoint operation moved to be its one path, for the validator, which needs a
     * path (and refuses an operation id seen twice).
     */
    private static String tenantEndpointSpec() {
        ObjectNode spec = (ObjectNode) DOCUMENT.deepCopy();
        ((ObjectNode) spec.path("components")).remove("pathItems");
        spec.putObject("paths").set(TENANT_ENDPOINT_PATH, TENANT_ENDPOINT.deepCopy());
        return spec.toString();
    }

    /**
     * The validator parses OpenAPI 3.1 but does not enforce {@code additionalProperties: false}; this walk does, so
     * that a field the document does not declare fails the tests as well.
     */
    private static void undeclaredProperties(JsonNode schema, JsonNode value, String at, List<String> problems) {
        JsonNode resolved = resolve(schema);
        if (value.isObject() && resolved.has("properties")) {
            JsonNode properties = resolved.path("properties");
            for (Map.Entry<String, JsonNode> property : value.properties()) {
                JsonNode declared = properties.get(property.getKey());
                if (declared == null) {
                    if (!resolved.path("additionalProperties").asBoolean(true)) {
                        problems.add("undeclared property " + at + "." + property.getKey());
                    }
                } else {
                    undeclaredProperties(declared, property.getValue(), at + "." + property.getKey(), problems);
                }
            }
        } else if (value.isArray() && resolved.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                undeclaredProperties(resolved.path("items"), value.get(i), at + "[" + i + "]", problems);
            }
        }
    }

    private static JsonNode resolve(JsonNode schema) {
        JsonNode current = schema;
        while (current.has("$ref")) {
            current = DOCUMENT.at(current.path("$ref").asString().substring(1));
        }
        return current;
    }

    /** The documented operation of {@code method} on {@code path}, when the document lists one. */
    private static Optional<JsonNode> operation(String method, String path) {
        for (Map.Entry<String, JsonNode> documented : DOCUMENT.path("paths").properties()) {
            String pattern = documented.getKey().replaceAll("\\{[^/]+}", "[^/]+");
            if (path.matches(pattern)) {
                JsonNode operation = documented.getValue().path(method.toLowerCase(Locale.ROOT));
                return operation.isMissingNode() ? Optional.empty() : Optional.of(operation);
            }
        }
        return Optional.empty();
    }

    /** The JSON schema of the documented response, by status or else {@code default}. */
    private static Optional<JsonNode> responseSchema(JsonNode operation, int status) {
        JsonNode response = operation.path("responses").path(String.valueOf(status));
        if (response.isMissingNode()) {
            response = operation.path("responses").path("default");
        }
        JsonNode schema = resolve(response).path("content").path("application/json").path("schema");
        return schema.isMissingNode() ? Optional.empty() : Optional.of(schema);
    }

    private static String load() {
        try (InputStream in = OpenApiContract.class.getResourceAsStream("/openapi.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
