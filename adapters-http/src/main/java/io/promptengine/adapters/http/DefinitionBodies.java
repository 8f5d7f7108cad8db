package io.promptengine.adapters.http;

import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.prompt.Prompt;
import io.promptengine.domain.prompt.PromptVersion;
import io.promptengine.domain.schema.SchemaContract;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The JSON shapes of endpoints, prompts and prompt versions. Schemas are written back as the JSON they were sent as. */
final class DefinitionBodies {

    private DefinitionBodies() {
    }

    record EndpointBody(String id, String path, String description, JsonNode inputSchema, JsonNode outputSchema,
            String defaultPromptId, long timeoutSeconds, long cacheTtlSeconds, String openapiUrl, String createdAt,
            String updatedAt) {
        /** {@code openapi_url} is a link under {@code base}, where this API is served. */
        static EndpointBody of(Endpoint endpoint, Json json, BasePath base) {
            return new EndpointBody(endpoint.id().value(), endpoint.path().value(), endpoint.description(),
                    schema(endpoint.inputSchema(), json),
                    endpoint.outputSchema().map(schema -> schema(schema, json)).orElse(null),
                    endpoint.defaultPrompt().map(id -> id.value()).orElse(null), endpoint.timeout().toSeconds(),
                    endpoint.cacheTtl().toSeconds(), openApiUrl(endpoint, base), ExecutionBodies.time(endpoint.createdAt()),
                    ExecutionBodies.time(endpoint.updatedAt()));
        }
    }

    record EndpointListBody(List<EndpointBody> data) {
        static EndpointListBody of(List<Endpoint> endpoints, Json json, BasePath base) {
            return new EndpointListBody(endpoints.stream().map(endpoint -> EndpointBody.of(endpoint, json, base))
                    .toList());
        }
    }

    record PromptBody(String id, String endpointId, String name, String title, String description, List<String> tags,
            String author, String createdAt, String updatedAt) {
        static PromptBody of(Prompt prompt) {
            return new PromptBody(prompt.id().value(), prompt.endpointId().map(id -> id.value()).orElse(null),
                    prompt.name(), prompt.title(), prompt.description(), prompt.tags(), prompt.author(),
                    ExecutionBodies.time(prompt.createdAt()), ExecutionBodies.time(prompt.updatedAt()));
        }
    }

    record PromptListBody(List<PromptBody> data) {
        static PromptListBody of(List<Prompt> prompts) {
            return new PromptListBody(prompts.stream().map(PromptBody::of).toList());
        }
    }

    /** {@code version} is the version's number, as in {@code /v1/prompts/{id}/versions/{version}}. */
    record VersionBody(String id, String promptId, int version, String status, String systemTemplate,
            String userTemplate, String model, String provider, Double temperature, Integer maxTokens,
            JsonNode outputSchema, List<String> fallbackModels, String createdAt, String publishedAt) {
        static VersionBody of(PromptVersion version, Json json) {
            return new VersionBody(version.id().value(), version.promptId().value(), version.number(),
                    version.status().wireName(), version.template().system().orElse(null),
                    version.template().user(), version.model(), version.provider().orElse(null),
                    version.parameters().temperature().isPresent() ? version.parameters().temperature().getAsDouble()
                            : null,
                    version.parameters().maxTokens().isPresent() ? version.parameters().maxTokens().getAsInt() : null,
                    version.outputSchema().map(schema -> schema(schema, json)).orElse(null), version.fallbackModels(),
                    ExecutionBodies.time(version.createdAt()), ExecutionBodies.time(version.publishedAt()));
        }
    }

    record VersionListBody(List<VersionBody> data) {
        static VersionListBody of(List<PromptVersion> versions, Json json) {
            return new VersionListBody(versions.stream().map(version -> VersionBody.of(version, json)).toList());
        }
    }

    static String openApiUrl(Endpoint endpoint, BasePath base) {
        return base.under("/v1/endpoints/" + endpoint.id().value() + "/openapi.json");
    }

    private static JsonNode schema(SchemaContract schema, Json json) {
        return json.read(schema.document().getBytes(StandardCharsets.UTF_8));
    }
}
