package io.promptengine.adapters.http.console;

import io.promptengine.adapters.http.ConsoleSupport;
import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.prompt.Prompt;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The records the endpoint templates render. */
final class EndpointPages {

    private EndpointPages() {
    }

    /** An endpoint as its pages show it: schemas indented, durations in seconds. */
    record EndpointView(String id, String path, String description, String inputSchema,
            Optional<String> outputSchema, Optional<String> defaultPromptId, long timeoutSeconds,
            long cacheTtlSeconds, String updatedAt) {

        static EndpointView of(Endpoint endpoint, ConsoleSupport support) {
            return new EndpointView(endpoint.id().value(), endpoint.path().value(), endpoint.description(),
                    support.pretty(endpoint.inputSchema().document()),
                    endpoint.outputSchema().map(schema -> support.pretty(schema.document())),
                    endpoint.defaultPrompt().map(id -> id.value()), endpoint.timeout().toSeconds(),
                    endpoint.cacheTtl().toSeconds(), endpoint.updatedAt().toString());
        }

        String href() {
            return "/console/endpoints/" + id;
        }
    }

    /** A prompt of the endpoint, in its list. */
    record PromptRow(String id, String name, String title, boolean isDefault) {

        static PromptRow of(Prompt prompt, Optional<String> defaultPromptId) {
            String id = prompt.id().value();
            return new PromptRow(id, prompt.name(), prompt.title(), defaultPromptId.filter(id::equals).isPresent());
        }

        String href() {
            return "/console/prompts/" + id;
        }
    }

    record ListPage(Frame frame, List<EndpointView> endpoints, boolean canManage) {
    }

    /** What the form's fields hold: as typed, so that a refused form comes back as it was sent. */
    record Fields(String path, String description, String inputSchema, String outputSchema, String timeoutSeconds,
            String cacheTtlSeconds) {

        static final Fields NEW = new Fields("/", "", """
                {
                  "type": "object",
                  "required": ["text"],
                  "properties": {
                    "text": {"type": "string", "minLength": 1}
                  }
                }""", "", Long.toString(Endpoint.DEFAULT_TIMEOUT.toSeconds()), "0");

        static Fields of(EndpointView endpoint) {
            return new Fields(endpoint.path(), endpoint.description(), endpoint.inputSchema(),
                    endpoint.outputSchema().orElse(""), Long.toString(endpoint.timeoutSeconds()),
                    Long.toString(endpoint.cacheTtlSeconds()));
        }
    }

    /**
     * The create or edit form.
     *
     * @param action where it posts
     * @param cancel where its cancel link goes
     */
    record FormPage(Frame frame, boolean editing, String action, String cancel, Fields fields, FormErrors errors) {
    }

    record DetailPage(Frame frame, EndpointView endpoint, List<PromptRow> prompts, boolean canManage) {
    }

    /**
     * The OpenAPI tab.
     *
     * @param url the endpoint's full URL, as a client calls it
     * @param document its OpenAPI document, indented
     */
    record OpenApiPage(Frame frame, EndpointView endpoint, String url, List<ConsoleSupport.CodeSample> samples,
            String document) {

        /** The id of the code element a sample's copy button copies. */
        static String sampleId(ConsoleSupport.CodeSample sample) {
            return "sample-" + sample.lang().toLowerCase(Locale.ROOT);
        }
    }
}
