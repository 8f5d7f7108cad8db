package io.promptengine.adapters.llm.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.promptengine.adapters.llm.TokenCounter;
import io.promptengine.adapters.llm.schema.JsonSchemaValidator;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.FinishReason;
import io.promptengine.domain.prompt.Message;
import io.promptengine.domain.prompt.ModelParameters;
import io.promptengine.domain.schema.SchemaContract;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The local models asked for JSON: {@code echo} answers a document valid against the schema, checked for real. */
class LocalStructuredOutputTest {

    private static final TokenCounter TOKENS = new TokenCounter();
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    private static final String MESSAGE = "Endprompt is a platform for building LLM-powered APIs";
    /** A schema that {@code {"invalid": true}} fails: it lacks the required text. */
    private static final SchemaContract TEXT_REQUIRED = new SchemaContract(
            "{\"type\":\"object\",\"required\":[\"text\"],\"properties\":{\"text\":{\"type\":\"string\"}}}");

    private final LocalModelProvider local = new LocalModelProvider(TOKENS, () -> NOW);
    private final JsonSchemaValidator validator = new JsonSchemaValidator();

    @Test
    void givenSeedOutputSchema_echo_answersTheMessageAndItsWordCount() {
        SchemaContract schema = new SchemaContract("""
                {"type":"object","required":["summary","word_count"],"properties":{"summary":{"type":"string"},\
                "word_count":{"type":"integer"}}}""");

        ModelResponse response = local.complete(request("echo", schema));

        assertThat(response.text()).isEqualTo("{\"summary\":\"" + MESSAGE + "\",\"word_count\":8}");
        assertThat(response.usage()).isEqualTo(new Usage(TOKENS.count(MESSAGE), TOKENS.count(response.text())));
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        """
        {"type":"object","required":["text"],"properties":{"text":{"type":"string","minLength":1,"maxLength":10},\
        "max_length":{"type":"integer","minimum":10,"maximum":1000},"options":{"type":"object",\
        "properties":{"format":{"type":"string","enum":["bullets","paragraph"]}}}}}""",
        """
        {"type":"object","additionalProperties":false,"properties":{"kind":{"const":"summary"},\
        "score":{"type":"number","exclusiveMinimum":0,"exclusiveMaximum":1},"count":{"type":"integer",\
        "maximum":3,"multipleOf":2},"done":{"type":"boolean"},"none":{"type":"null"},\
        "when":{"type":"string","format":"date-time"},"mail":{"format":"email"},"site":{"format":"uri"},\
        "code":{"type":"string","minLength":80}}}""",
        """
        {"$schema":"http://json-schema.org/draft-07/schema#","definitions":{"tag":{"type":"string","maxLength":3}},\
        "type":"object","required":["tags","pair"],"properties":{"tags":{"type":"array","minItems":2,\
        "items":{"$ref":"#/definitions/tag"}},"pair":{"type":"array","items":[{"type":"integer"},{"type":"boolean"}]}}}""",
        """
        {"allOf":[{"type":"object","required":["a"],"properties":{"a":{"type":"integer","minimum":100}}},\
        {"required":["b"],"properties":{"b":{"type":["string","null"]}}}],\
        "properties":{"c":{"anyOf":[{"type":"string","maxLength":2},{"type":"integer"}]}}}""",
        """
        {"$defs":{"node":{"type":"object","required":["value"],"properties":{"value":{"type":"string"},\
        "next":{"$ref":"#/$defs/node"}}}},"$ref":"#/$defs/node"}""",
        """
        {"type":"array","prefixItems":[{"type":"integer","exclusiveMinimum":9.5}],"items":{"type":"string"},"minItems":3}"""
    })
    void givenSchema_echo_answersADocumentThatSatisfiesIt(String document) {
        SchemaContract schema = new SchemaContract(document);

        ModelResponse response = local.complete(request("echo", schema));

        assertThat(validator.validate(schema, response.text())).isEmpty();
    }

    @Test
    void givenSameRequestTwice_echo_answersTheSameDocument() {
        SchemaContract schema = new SchemaContract("{\"properties\":{\"a\":{\"type\":\"number\",\"minimum\":2.5}}}");

        assertThat(local.complete(request("echo", schema)).text())
                .isEqualTo(local.complete(request("echo", schema)).text())
                .isEqualTo("{\"a\":8}");
    }

    @Test
    void givenAnySchema_echoInvalid_answersTheSameDocumentThatFailsIt() {
        ModelResponse response = local.complete(request("echo-invalid", TEXT_REQUIRED));

        assertThat(response.text()).isEqualTo("{\"invalid\": true}");
        assertThat(validator.validate(TEXT_REQUIRED, response.text())).isNotEmpty();
        assertThat(response.usage().outputTokens()).isPositive();
    }

    @Test
    void givenNoSchema_echoInvalid_stillAnswersItsDocument() {
        ModelRequest request = new ModelRequest("echo-invalid", List.of(Message.user(MESSAGE)),
                ModelParameters.DEFAULTS, NOW.plus(Duration.ofSeconds(30)));

        assertThat(local.complete(request).text()).isEqualTo("{\"invalid\": true}");
    }

    @Test
    void givenMaxTokensShorterThanTheDocument_echo_cutsItAsAModelWould() {
        SchemaContract schema = new SchemaContract("{\"properties\":{\"summary\":{\"type\":\"string\"}}}");
        ModelRequest request = new ModelRequest("echo", List.of(Message.user(MESSAGE)),
                new ModelParameters(OptionalDouble.empty(), OptionalInt.of(3)), NOW.plus(Duration.ofSeconds(30)),
                Optional.of(schema));

        ModelResponse response = local.complete(request);

        assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(validator.validate(schema, response.text())).singleElement()
                .satisfies(violation -> assertThat(violation.message()).startsWith("The document is not valid JSON"));
    }

    private static ModelRequest request(String model, SchemaContract schema) {
        return new ModelRequest(model, List.of(Message.user(MESSAGE)), ModelParameters.DEFAULTS,
                NOW.plus(Duration.ofSeconds(30)), Optional.of(schema));
    }

}
