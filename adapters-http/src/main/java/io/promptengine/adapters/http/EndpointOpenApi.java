package io.promptengine.adapters.http;

import io.promptengine.application.port.in.DescribedEndpoint;
import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.schema.SchemaContract;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI 3.1 document of one tenant endpoint, for its callers: one {@code POST} at the endpoint's path whose
 * request body is the input schema and whose answer is the output schema (or plain text without one), the error
 * envelope of every refusal, the {@code x-api-key} scheme, {@code ?prompt=} and {@code x-cache-bypass}, the
 * rate-limit headers, and code samples ({@code x-codeSamples}) in curl, Python, JavaScript and Java whose body is
 * the schema adapter's example of the input.
 *
 * <p>The tenant's schemas become {@code components/schemas/Input} and {@code Output}; their local references
 * ({@code #/definitions/…}, {@code #/$defs/…}) are rewritten to point inside those components.
 */
final class EndpointOpenApi {

    static final String API_KEY_PLACEHOLDER = "YOUR_API_KEY";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String ERROR = "#/components/responses/Error";

    private final Json json;

    EndpointOpenApi(Json json) {
        this.json = json;
    }

    /**
     * @param origin scheme, host and port the endpoint is called at, and the base path the API is mounted under,
     *        such as {@code https://acme.example.com} or {@code https://shop.example.com/llm}
     */
    ObjectNode document(DescribedEndpoint described, String origin) {
        Endpoint endpoint = described.endpoint();
        String path = endpoint.path().value();
        JsonNode sample = json.read(described.exampleInput().getBytes(StandardCharsets.UTF_8));
        JsonNode input = embedded(parse(endpoint.inputSchema()), "Input");
        ObjectNode document = NODES.objectNode();
        document.put("openapi", "3.1.0");
        ObjectNode info = document.putObject("info");
        info.put("title", "POST " + path);
        info.put("version", endpoint.updatedAt().toString());
        info.put("description", (endpoint.description().isEmpty() ? "" : endpoint.description() + "\n\n")
                + "Send a JSON body that matches the input schema; it is checked before any model runs. The answer "
                + (endpoint.outputSchema().isPresent() ? "is JSON that matches the output schema."
                        : "is the model's text.")
                + " Authenticate with `x-api-key` (or `Authorization: Bearer`). Calls time out after "
                + endpoint.timeout().toSeconds() + " s.");
        document.putArray("servers").addObject().put("url", origin);
        document.putArray("security").addObject().putArray("ApiKeyAuth");
        ObjectNode operation = document.putObject("paths").putObject(path).putObject("post");
        operation.put("operationId", "call");
        operation.put("summary", "Call " + path);
        parameters(operation.putArray("parameters"));
        ObjectNode requestBody = operation.putObject("requestBody");
        requestBody.put("required", true);
        ObjectNode requestJson = requestBody.putObject("content").putObject(Json.CONTENT_TYPE);
        requestJson.putObject("schema").put("$ref", "#/components/schemas/Input");
        requestJson.set("example", sample);
        responses(operation.putObject("responses"), endpoint);
        operation.set("x-codeSamples", CodeSamples.of(origin + path, sample, json, endpoint));
        components(document.putObject("components"), input, endpoint);
        return document;
    }

    private static void parameters(ArrayNode parameters) {
        ObjectNode prompt = parameters.addObject();
        prompt.put("name", "prompt");
        prompt.put("in", "query");
        prompt.put("required", false);
        prompt.put("description", "Runs this live prompt of the endpoint instead of its default one; drafts are "
                + "test-only and answer 400.");
        prompt.putObject("schema").put("type", "string").put("pattern", "^[a-z0-9][a-z0-9-]{0,62}$");
        ObjectNode bypass = parameters.addObject();
        bypass.put("name", "x-cache-bypass");
        bypass.put("in", "header");
        bypass.put("required", false);
        bypass.put("description", "`true` forces a fresh model call even when a cached answer exists, and the "
                + "fresh answer replaces it.");
        bypass.putObject("schema").put("type", "string").putArray("enum").add("true").add("false");
        ObjectNode idempotencyKey = parameters.addObject();
        idempotencyKey.put("name", IdempotentRequests.KEY_HEADER);
        idempotencyKey.put("in", "header");
        idempotencyKey.put("required", false);
        idempotencyKey.put("description", "Makes a retry safe: the same key with the same request answers the first "
                + "answer again with `Idempotent-Replayed: true`, without calling the model; with another request, "
                + "422; while the first is still running, 409. Kept 24 hours by default.");
        idempotencyKey.putObject("schema").put("type", "string").put("minLength", 1)
                .put("maxLength", IdempotentRequests.MAX_KEY_LENGTH);
        ObjectNode requestId = parameters.addObject();
        requestId.put("name", "X-Request-Id");
        requestId.put("in", "header");
        requestId.put("required", false);
        requestId.put("description", "Your id for this request; answered back, and generated when absent.");
        requestId.putObject("schema").put("type", "string").put("maxLength", 128);
    }

    private static void responses(ObjectNode responses, Endpoint endpoint) {
        ObjectNode ok = responses.putObject("200");
        ok.put("description", endpoint.outputSchema().isPresent() ? "The answer, checked against the output schema."
                : "The model's answer as plain text.");
        ObjectNode headers = ok.putObject("headers");
        for (String header : new String[] {"X-Request-Id", "X-Execution-Id", "X-Cache", "Idempotent-Replayed",
            "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"}) {
            headers.putObject(header).put("$ref", "#/components/headers/" + header);
        }
        ObjectNode content = ok.putObject("content");
        if (endpoint.outputSchema().isPresent()) {
            content.putObject(Json.CONTENT_TYPE).putObject("schema").put("$ref", "#/components/schemas/Output");
        } else {
            content.putObject("text/plain").putObject("schema").put("type", "string");
        }
        content.putObject(EventStream.MEDIA_TYPE).putObject("schema").put("type", "string").put("description",
                "With `Accept: text/event-stream`: Server-Sent Events, each flushed as it is made. First "
                + "`event: execution` (`{\"id\", \"status\": \"running\", \"model\", \"created_at\"}`), then one "
                + "`event: delta` per piece of text (`{\"text\"}`), then `event: completed` with the execution (`id`, "
                + "`output`, `finish_reason`, `usage`, `cost`) or `event: error` with the error envelope. Never "
                + "cached" + (endpoint.outputSchema().isPresent()
                        ? "; the whole answer is checked against the output schema at its end, without asking again."
                        : ".")
                + " Refusals before the stream are ordinary JSON errors.");
        error(responses, "400", "The body does not match the input schema (the field is named), or `?prompt=` "
                + "names a draft.");
        error(responses, "401", "No API key, or one that is unknown, revoked or expired.");
        error(responses, "403", "The key lacks the `execute` scope, or the host names another tenant.");
        error(responses, "404", "`?prompt=` names no prompt of this endpoint.");
        error(responses, "409", "A request with the same `Idempotency-Key` is still running.");
        error(responses, "422", "The `Idempotency-Key` was used with a different request.");
        ObjectNode limited = error(responses, "429", "Over the plan's rate limit or token quota.");
        ObjectNode limitedHeaders = limited.putObject("headers");
        for (String header : new String[] {"Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining",
            "X-RateLimit-Reset"}) {
            limitedHeaders.putObject(header).put("$ref", "#/components/headers/" + header);
        }
        error(responses, "502", "The model provider failed, or its answer did not match the output schema.");
        error(responses, "504", "No answer within " + endpoint.timeout().toSeconds() + " s.");
    }

    private static ObjectNode error(ObjectNode responses, String status, String description) {
        ObjectNode response = responses.putObject(status);
        response.put("description", description);
        response.putObject("content").putObject(Json.CONTENT_TYPE).putObject("schema")
                .put("$ref", "#/components/schemas/Error");
        return response;
    }

    private void components(ObjectNode components, JsonNode input, Endpoint endpoint) {
        ObjectNode schemas = components.putObject("schemas");
        schemas.set("Input", input);
        endpoint.outputSchema().ifPresent(output -> schemas.set("Output", embedded(parse(output), "Output")));
        schemas.set("Error", errorEnvelope());
        ObjectNode scheme = components.putObject("securitySchemes").putObject("ApiKeyAuth");
        scheme.put("type", "apiKey");
        scheme.put("in", "header");
        scheme.put("name", "x-api-key");
        ObjectNode headers = components.putObject("headers");
        header(headers, "X-Request-Id", "The request's id: yours, or one generated for it.", "string");
        header(headers, "X-Execution-Id", "The id of the execution this call recorded.", "string");
        ((ObjectNode) header(headers, "X-Cache", "`HIT` when the answer came from the cache, `MISS` when the model "
                + "was called, `BYPASS` when `x-cache-bypass` made it; absent when this endpoint does not cache "
                + "(cache TTL 0).", "string").get("schema")).putArray("enum").add("HIT").add("MISS").add("BYPASS");
        ((ObjectNode) header(headers, "Idempotent-Replayed", "`true` on the stored answer of an earlier request "
                + "with the same `Idempotency-Key`.", "string").get("schema")).putArray("enum").add("true");
        header(headers, "X-RateLimit-Limit", "Requests allowed per minute.", "integer");
        header(headers, "X-RateLimit-Remaining", "Requests left in the current window.", "integer");
        header(headers, "X-RateLimit-Reset", "When the window resets, in Unix seconds.", "integer");
        header(headers, "Retry-After", "Seconds to wait before retrying.", "integer");
    }

    private static ObjectNode header(ObjectNode headers, String name, String description, String type) {
        ObjectNode header = headers.putObject(name);
        header.put("description", description);
        header.putObject("schema").put("type", type);
        return header;
    }

    private static ObjectNode errorEnvelope() {
        ObjectNode envelope = NODES.objectNode();
        envelope.put("type", "object");
        envelope.putArray("required").add("error");
        ObjectNode error = envelope.putObject("properties").putObject("error");
        error.put("type", "object");
        error.putArray("required").add("code").add("message").add("request_id");
        ObjectNode properties = error.putObject("properties");
        properties.putObject("code").put("type", "string")
                .put("description", "validation_error, unauthorized, forbidden, not_found, conflict, "
                        + "idempotency_mismatch, rate_limited, quota_exceeded, upstream_error, "
                        + "output_validation_failed, timeout, …");
        properties.putObject("message").put("type", "string");
        properties.putObject("field").put("type", "string").put("description", "The offending field, such as "
                + "`text` or `options.format`.");
        properties.putObject("request_id").put("type", "string");
        return envelope;
    }

    private JsonNode parse(SchemaContract schema) {
        return json.read(schema.document().getBytes(StandardCharsets.UTF_8));
    }

    /** A copy of a tenant's schema, its local references rewritten to resolve where it is placed in this document. */
    private static JsonNode embedded(JsonNode schema, String name) {
        JsonNode copy = schema.deepCopy();
        rewriteReferences(copy, "#/components/schemas/" + name);
        return copy;
    }

    private static void rewriteReferences(JsonNode node, String base) {
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isString() && ref.stringValue().startsWith("#")) {
                object.put("$ref", base + ref.stringValue().substring(1));
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.properties().iterator(); fields.hasNext();) {
                rewriteReferences(fields.next().getValue(), base);
            }
        } else if (node instanceof ArrayNode array) {
            for (JsonNode item : array) {
                rewriteReferences(item, base);
            }
        }
    }
}
