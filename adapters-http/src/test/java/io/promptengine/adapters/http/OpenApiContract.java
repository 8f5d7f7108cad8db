package io.promptengine.adapters.http;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
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

/** Checks an actual response against /openapi.json, the way the end-to-end tests will. */
final class OpenApiContract {

    /** Reported for requests the document does not describe at all (unknown routes, wrong methods). */
    private static final Set<String> UNDOCUMENTED = Set.of("validation.request.path.missing",
            "validation.request.operation.notAllowed");

    private static final String SPEC = load();
    private static final JsonNode DOCUMENT = TestServer.JSON.readTree(SPEC);
    private static final OpenApiInteractionValidator VALIDATOR =
            OpenApiInteractionValidator.createForInlineApiSpecification(SPEC).build();

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
        ValidationReport report = VALIDATOR.validateResponse(pathOnly, Request.Method.valueOf(method), actual.build());
        List<String> problems = report.getMessages().stream()
                .filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
                .filter(message -> !UNDOCUMENTED.contains(message.getKey()))
                .map(message -> message.getKey() + ": " + message.getMessage())
                .collect(Collectors.toList());
        responseSchema(method, pathOnly, status).ifPresent(schema ->
                undeclaredProperties(schema, TestServer.JSON.readTree(body), "$", problems));
        return problems;
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

    /** The JSON schema of the documented response, by status or else {@code default}, when the route is known. */
    private static Optional<JsonNode> responseSchema(String method, String path, int status) {
        for (Map.Entry<String, JsonNode> documented : DOCUMENT.path("paths").properties()) {
            String pattern = documented.getKey().replaceAll("\\{[^/]+}", "[^/]+");
            if (!path.matches(pattern)) {
                continue;
            }
            JsonNode operation = documented.getValue().path(method.toLowerCase(Locale.ROOT));
            JsonNode response = operation.path("responses").path(String.valueOf(status));
            if (response.isMissingNode()) {
                response = operation.path("responses").path("default");
            }
            JsonNode schema = resolve(response).path("content").path("application/json").path("schema");
            return schema.isMissingNode() ? Optional.empty() : Optional.of(schema);
        }
        return Optional.empty();
    }

    private static String load() {
        try (InputStream in = OpenApiContract.class.getResourceAsStream("/openapi.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
