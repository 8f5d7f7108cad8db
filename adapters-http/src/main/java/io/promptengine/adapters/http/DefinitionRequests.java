package io.promptengine.adapters.http;

import io.promptengine.application.port.in.EndpointChanges;
import io.promptengine.application.port.in.NewDraft;
import io.promptengine.application.port.in.NewEndpoint;
import io.promptengine.application.port.in.NewPrompt;
import io.promptengine.application.port.in.Patch;
import io.promptengine.application.port.in.PromptChanges;
import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.endpoint.EndpointPath;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.prompt.MessageTemplate;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.schema.SchemaContract;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * The bodies of the endpoint and prompt routes, read strictly (see {@link RequestFields}) into the core's commands.
 * Schemas arrive as JSON objects and are kept as their compact JSON text. In a {@code PATCH}, {@code null} removes
 * the optional {@code output_schema} and {@code default_prompt_id}.
 */
final class DefinitionRequests {

    static final Set<String> CREATE_ENDPOINT_FIELDS = Set.of("path", "description", "input_schema", "output_schema",
            "timeout_seconds", "cache_ttl_seconds");
    static final Set<String> UPDATE_ENDPOINT_FIELDS = Set.of("path", "description", "input_schema", "output_schema",
            "default_prompt_id", "timeout_seconds", "cache_ttl_seconds");
    static final Set<String> CREATE_PROMPT_FIELDS = Set.of("name", "endpoint_id", "title", "description", "tags",
            "author");
    static final Set<String> UPDATE_PROMPT_FIELDS = Set.of("name", "title", "description", "tags", "author");
    static final Set<String> CREATE_VERSION_FIELDS = Set.of("system_template", "user_template", "model", "provider",
            "temperature", "max_tokens", "output_schema", "fallback_models");

    private DefinitionRequests() {
    }

    /** {@code {path, input_schema, description?, output_schema?, timeout_seconds?, cache_ttl_seconds?}}. */
    static NewEndpoint newEndpoint(JsonNode body, Json json) {
        RequestFields.refuseUnknown(body, CREATE_ENDPOINT_FIELDS,
                "path, description, input_schema, output_schema, timeout_seconds, cache_ttl_seconds");
        EndpointPath path = new EndpointPath(RequestFields.requiredString(body, "path"));
        SchemaContract input = schema(body, "input_schema", json)
                .orElseThrow(() -> InvalidInputException.required("input_schema"));
        return new NewEndpoint(path, RequestFields.optionalString(body, "description").orElse(""), input,
                schema(body, "output_schema", json),
                seconds(body, "timeout_seconds").orElse(Endpoint.DEFAULT_TIMEOUT),
                seconds(body, "cache_ttl_seconds").orElse(Duration.ZERO));
    }

    /** Any of the creation fields and {@code default_prompt_id}, at least one. */
    static EndpointChanges endpointChanges(String endpointId, JsonNode body, Json json) {
        RequestFields.refuseUnknown(body, UPDATE_ENDPOINT_FIELDS, "path, description, input_schema, output_schema, "
                + "default_prompt_id, timeout_seconds, cache_ttl_seconds");
        return new EndpointChanges(endpointId, RequestFields.optionalString(body, "path").map(EndpointPath::new),
                RequestFields.optionalString(body, "description"), schema(body, "input_schema", json),
                patch(body, "output_schema", present -> schema(body, "output_schema", json).orElseThrow()),
                patch(body, "default_prompt_id", present -> RequestFields.requiredString(body, "default_prompt_id")),
                seconds(body, "timeout_seconds"), seconds(body, "cache_ttl_seconds"));
    }

    /** {@code {name, endpoint_id?, title?, description?, tags?, author?}}. */
    static NewPrompt newPrompt(JsonNode body) {
        RequestFields.refuseUnknown(body, CREATE_PROMPT_FIELDS, "name, endpoint_id, title, description, tags, author");
        return new NewPrompt(RequestFields.optionalString(body, "endpoint_id"),
                RequestFields.requiredString(body, "name"), RequestFields.optionalString(body, "title").orElse(""),
                RequestFields.optionalString(body, "description").orElse(""), tags(body).orElse(List.of()),
                RequestFields.optionalString(body, "author").orElse(""));
    }

    /** {@code {name?, title?, description?, tags?, author?}}, at least one. */
    static PromptChanges promptChanges(String promptId, JsonNode body) {
        RequestFields.refuseUnknown(body, UPDATE_PROMPT_FIELDS, "name, title, description, tags, author");
        return new PromptChanges(promptId, RequestFields.optionalString(body, "name"),
                RequestFields.optionalString(body, "title"), RequestFields.optionalString(body, "description"),
                tags(body), RequestFields.optionalString(body, "author"));
    }

    /**
     * {@code {user_template, model, system_template?, provider?, temperature?, max_tokens?, output_schema?,
     * fallback_models?}}.
     */
    static NewDraft newDraft(String promptId, JsonNode body, Json json) {
        RequestFields.refuseUnknown(body, CREATE_VERSION_FIELDS, "system_template, user_template, model, provider, "
                + "temperature, max_tokens, output_schema, fallback_models");
        MessageTemplate template = new MessageTemplate(RequestFields.optionalString(body, "system_template"),
                RequestFields.optionalString(body, "user_template").orElse(null));
        return new NewDraft(promptId, template, RequestFields.requiredString(body, "model"),
                RequestFields.optionalString(body, "provider"),
                new ModelParameters(RequestFields.optionalNumber(body, "temperature"),
                        RequestFields.optionalInteger(body, "max_tokens")),
                schema(body, "output_schema", json),
                body.has("fallback_models") ? RequestFields.requiredStringArray(body, "fallback_models") : List.of());
    }

    /** A JSON Schema given as a JSON object, as its compact text. */
    private static Optional<SchemaContract> schema(JsonNode body, String field, Json json) {
        JsonNode value = body.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isObject()) {
            throw RequestFields.mustBe(field, "a JSON Schema object");
        }
        String text = json.text(value);
        if (text.length() > SchemaContract.MAX_CHARS) {
            throw new InvalidInputException(field,
                    "Field '" + field + "' must be at most " + SchemaContract.MAX_CHARS + " characters of JSON");
        }
        return Optional.of(new SchemaContract(text));
    }

    /** Absent: kept; {@code null}: removed; otherwise set to what {@code read} makes of it. */
    private static <T> Patch<T> patch(JsonNode body, String field, Function<JsonNode, T> read) {
        JsonNode value = body.get(field);
        if (value == null) {
            return Patch.keep();
        }
        return value.isNull() ? Patch.clear() : Patch.set(read.apply(value));
    }

    private static Optional<Duration> seconds(JsonNode body, String field) {
        OptionalLong seconds = RequestFields.optionalLong(body, field);
        return seconds.isPresent() ? Optional.of(Duration.ofSeconds(seconds.getAsLong())) : Optional.empty();
    }

    private static Optional<List<String>> tags(JsonNode body) {
        return body.has("tags") ? Optional.of(RequestFields.requiredStringArray(body, "tags")) : Optional.empty();
    }
}
