package io.promptengine.adapters.http;

import io.javalin.http.Context;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.CreatePlanCommand;
import io.promptengine.application.port.in.CreateTenantCommand;
import io.promptengine.application.port.in.DescribedEndpoint;
import io.promptengine.application.port.in.EndpointChanges;
import io.promptengine.application.port.in.ListExecutionsQuery;
import io.promptengine.application.port.in.NewApiKey;
import io.promptengine.application.port.in.NewDraft;
import io.promptengine.application.port.in.NewEndpoint;
import io.promptengine.application.port.in.NewPrompt;
import io.promptengine.application.port.in.UpdateTenantCommand;
import io.promptengine.domain.error.ErrorKind;
import io.promptengine.domain.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the console ({@code io.promptengine.adapters.http.console}) takes from the JSON API, so that it has no rule
 * of its own: its forms are read into the same commands by the same readers (same limits, same messages, same
 * field names), an error kind gets the same status, and an endpoint's code samples and OpenAPI document are the
 * ones {@code GET /v1/endpoints/{id}/openapi.json} serves.
 */
public final class ConsoleSupport {

    /** One code sample of an endpoint: {@code lang} as the OpenAPI {@code x-codeSamples} name it. */
    public record CodeSample(String lang, String label, String source) {

        public CodeSample {
            Objects.requireNonNull(lang, "lang");
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(source, "source");
        }
    }

    private final Json json = new Json();
    private final EndpointOpenApi openApi = new EndpointOpenApi(json);

    /** A new, empty JSON object to gather a form's fields in, as the API's body would carry them. */
    public ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /**
     * The JSON a form field holds (a schema, a test input), parsed with the API's parser and limits; a 400 naming
     * {@code field} when it is not one well-formed JSON value.
     */
    public JsonNode readField(String field, String text) {
        try {
            return json.read(text.getBytes(StandardCharsets.UTF_8));
        } catch (HttpError e) {
            throw new InvalidInputException(field, e.getMessage().replace("Request body", "Field '" + field + "'"));
        }
    }

    /** A JSON value as indented text, for people to read. */
    public String pretty(JsonNode value) {
        return json.pretty(value);
    }

    /** Stored JSON text (a schema, an input) indented for people to read. */
    public String pretty(String jsonText) {
        return json.pretty(json.read(jsonText.getBytes(StandardCharsets.UTF_8)));
    }

    /** A JSON value as compact text. */
    public String text(JsonNode value) {
        return json.text(value);
    }

    public NewEndpoint newEndpoint(JsonNode body) {
        return DefinitionRequests.newEndpoint(body, json);
    }

    public EndpointChanges endpointChanges(String endpointId, JsonNode body) {
        return DefinitionRequests.endpointChanges(endpointId, body, json);
    }

    public NewPrompt newPrompt(JsonNode body) {
        return DefinitionRequests.newPrompt(body);
    }

    public NewDraft newDraft(String promptId, JsonNode body) {
        return DefinitionRequests.newDraft(promptId, body, json);
    }

    /** A key of the form's fields, read as {@code POST /v1/api-keys} reads its body. */
    public NewApiKey newApiKey(JsonNode body) {
        return ApiKeyRequests.newApiKey(body);
    }

    /** A tenant of the operator's form, read as {@code POST /v1/admin/tenants} reads its body. */
    public CreateTenantCommand createTenant(JsonNode body) {
        return AdminRequests.createTenant(body);
    }

    /** A change of a tenant, read as {@code PATCH /v1/admin/tenants/{tenant}} reads its body. */
    public UpdateTenantCommand updateTenant(String tenant, JsonNode body) {
        return AdminRequests.updateTenant(tenant, body);
    }

    /** A plan of the operator's form, read as {@code POST /v1/admin/plans} reads its body. */
    public CreatePlanCommand createPlan(JsonNode body) {
        return AdminRequests.createPlan(body);
    }

    /** The executions' filter and page, read from query parameters as {@code GET /v1/executions} reads them. */
    public ListExecutionsQuery executionsQuery(Caller caller, Map<String, List<String>> parameters) {
        return ListParameters.toQuery(caller, parameters);
    }

    /** The HTTP status the API answers an error of {@code kind} with. */
    public static int status(ErrorKind kind) {
        return ErrorMapping.status(kind);
    }

    /** The endpoint's OpenAPI document, indented, with {@code origin} as its server. */
    public String openApiDocument(DescribedEndpoint endpoint, String origin) {
        return json.pretty(openApi.document(endpoint, origin));
    }

    /** The endpoint's code samples (curl, Python, JavaScript, Java), as its OpenAPI document carries them. */
    public List<CodeSample> codeSamples(DescribedEndpoint endpoint, String origin) {
        JsonNode samples = openApi.document(endpoint, origin).path("paths")
                .path(endpoint.endpoint().path().value()).path("post").path("x-codeSamples");
        List<CodeSample> list = new ArrayList<>();
        for (JsonNode sample : samples) {
            list.add(new CodeSample(sample.path("lang").asString(), sample.path("label").asString(),
                    sample.path("source").asString()));
        }
        return List.copyOf(list);
    }

    /** Gives the request its id ({@code X-Request-Id}, the client's when sane), as every API request gets one. */
    public static void assignRequestId(Context ctx) {
        RequestIds.assign(ctx);
    }

    public static String requestId(Context ctx) {
        return RequestIds.of(ctx);
    }
}
