package com.example.host;

import io.javalin.http.Context;
import io.promptengine.application.port.in.NewDraft;
import io.promptengine.application.port.in.NewEndpoint;
import io.promptengine.application.port.in.NewPrompt;
import io.promptengine.bootstrap.Answer;
import io.promptengine.bootstrap.EndpointCall;
import io.promptengine.bootstrap.EngineClient;
import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.endpoint.EndpointPath;
import io.promptengine.domain.prompt.MessageTemplate;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.prompt.Prompt;
import io.promptengine.domain.schema.SchemaContract;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The host's summaries, made by a Prompt Engine endpoint: its input and output schemas, and a published prompt on
 * the built-in {@code local} provider's {@code echo} model (which answers a document fitting the output schema, so
 * the example runs offline; a real host names a real model). {@code POST /summaries} passes the request body on as
 * plain Java values and answers with the typed output.
 */
final class Summaries {

    static final String PATH = "/summaries";
    private static final String INPUT_SCHEMA = """
            {"type": "object", "required": ["text"], "additionalProperties": false,
             "properties": {"text": {"type": "string", "minLength": 1}}}""";
    private static final String OUTPUT_SCHEMA = """
            {"type": "object", "required": ["summary"], "properties": {"summary": {"type": "string"}}}""";

    private final EngineClient engine;

    private Summaries(EngineClient engine) {
        this.engine = engine;
    }

    /** Defines the endpoint and publishes its prompt, in process, for the tenant {@code engine} acts for. */
    static Summaries define(EngineClient engine) {
        Endpoint endpoint = engine.endpoints().create(new NewEndpoint(new EndpointPath(PATH), "Summaries",
                new SchemaContract(INPUT_SCHEMA), Optional.of(new SchemaContract(OUTPUT_SCHEMA)),
                Endpoint.DEFAULT_TIMEOUT, Duration.ofMinutes(10)));
        Prompt prompt = engine.prompts().create(new NewPrompt(Optional.of(endpoint.id().value()), "default",
                "Summary", "Summarizes a text in one sentence", List.of(), "host"));
        engine.prompts().createDraft(new NewDraft(prompt.id().value(),
                new MessageTemplate(Optional.of("You summarize texts in one sentence."), "{{text}}"), "echo",
                Optional.empty(), ModelParameters.DEFAULTS, Optional.empty(), List.of()));
        engine.prompts().publish(prompt.id().value(), 1);
        return new Summaries(engine);
    }

    /**
     * {@code POST /summaries} with {@code {"text": …}}: the engine's answer, {@code {"summary": …}}, and in
     * {@code X-Execution-Id} the execution that recorded it.
     */
    void summarize(Context ctx) {
        Map<?, ?> body = ctx.bodyAsClass(Map.class);
        Answer answer = engine.call(EndpointCall.of(PATH, body));
        ctx.header("X-Execution-Id", answer.executionId()).json(answer.output());
    }
}
