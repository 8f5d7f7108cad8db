package io.promptengine.adapters.llm.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.networknt.schema.SchemaLocation;
import com.sun.net.httpserver.HttpServer;
import io.promptengine.application.port.out.SchemaValidator.Violation;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.schema.SchemaContract;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tenant schemas are hostile: they are checked when saved, never fetch anything, and cannot hang a request. The
 * time bounds here guard against a hang; they are not performance targets.
 */
class HostileSchemaTest {

    private static final Duration HANG_GUARD = Duration.ofSeconds(5);

    private final JsonSchemaValidator validator = new JsonSchemaValidator();
    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void startAServerThatCountsRequests() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = "{\"type\":\"string\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopTheServer() {
        server.stop(0);
    }

    @Test
    void givenMinimumThatIsNotANumber_check_saysWhereAndWhatIsWrong() {
        assertRefused("{\"properties\":{\"max_length\":{\"minimum\":\"abc\"}}}",
                "Field 'input_schema' is not a valid JSON Schema: "
                        + "/properties/max_length/minimum: string found, number expected");
    }

    @Test
    void givenTextThatIsNotJson_check_saysItIsNotJson() {
        assertThatThrownBy(() -> check("{\"type\":"))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).contains("input_schema"))
                .hasMessageStartingWith("Field 'input_schema' is not valid JSON: ");
    }

    @Test
    void givenJsonThatIsNotAnObject_check_saysWhatASchemaIs() {
        assertRefused("[{\"type\":\"string\"}]",
                "Field 'input_schema' is not a valid JSON Schema: a schema is a JSON object (or true or false)");
    }

    @Test
    void givenDraft04_check_namesTheSupportedDrafts() {
        assertRefused("{\"$schema\":\"http://json-schema.org/draft-04/schema#\",\"type\":\"string\"}",
                "Field 'input_schema' is not an accepted JSON Schema: $schema "
                        + "'http://json-schema.org/draft-04/schema#' is not supported; use "
                        + "https://json-schema.org/draft/2020-12/schema (the default) or "
                        + "http://json-schema.org/draft-07/schema#");
    }

    @Test
    void givenBothSupportedDrafts_check_acceptsThem() {
        check("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"string\"}");
        check("{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"string\"}");
        check("{\"$schema\":\"http://json-schema.org/draft-07/schema\",\"type\":\"string\"}");
        check("true");
    }

    @Test
    void givenRemoteRef_check_refusesItAndFetchesNothing() {
        String remote = "http://127.0.0.1:" + server.getAddress().getPort() + "/schema.json";

        assertRefused("{\"properties\":{\"a\":{\"$ref\":\"" + remote + "\"}}}",
                "Field 'input_schema' is not an accepted JSON Schema: /properties/a/$ref: '" + remote
                        + "' is outside this schema, and remote references are never fetched; refer to a part of "
                        + "this schema, such as #/$defs/name");
        assertThat(requests).hasValue(0);
    }

    @Test
    void givenRelativeRefAgainstARemoteId_check_refusesItAndFetchesNothing() {
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/root.json";

        assertThatThrownBy(() -> check("{\"$id\":\"" + base + "\",\"$ref\":\"other.json\"}"))
                .hasMessageContaining("/$ref: 'other.json' is outside this schema");
        assertThat(requests).hasValue(0);
    }

    @Test
    void givenRemoteMetaschema_check_refusesItAndFetchesNothing() {
        String meta = "http://127.0.0.1:" + server.getAddress().getPort() + "/meta";

        assertThatThrownBy(() -> check("{\"$schema\":\"" + meta + "\"}"))
                .hasMessageContaining("$schema '" + meta + "' is not supported");
        assertThat(requests).hasValue(0);
    }

    @Test
    void givenRemoteIdAndLocalRefs_check_acceptsTheSchemaAndFetchesNothing() {
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/root.json";
        SchemaContract schema = new SchemaContract("{\"$id\":\"" + base + "\",\"$defs\":{\"n\":{\"type\":\"integer\"}},"
                + "\"properties\":{\"a\":{\"$ref\":\"#/$defs/n\"}}}");

        assertThat(validator.validate(schema, "{\"a\":\"x\"}"))
                .containsExactly(new Violation("a", "Field 'a' must be an integer"));
        assertThat(requests).hasValue(0);
    }

    @Test
    void givenAReferenceTheGuardMissed_theRegistry_stillFetchesNothing() {
        String remote = "http://127.0.0.1:" + server.getAddress().getPort() + "/schema.json";

        assertThatThrownBy(() -> OfflineSchemaRegistry.create(new DeadlineRegularExpressions())
                .getSchema(SchemaLocation.of(remote)))
                .isInstanceOf(RuntimeException.class);
        assertThat(requests).hasValue(0);
    }

    @Test
    void givenEmbeddedResource_check_refusesIt() {
        assertThatThrownBy(() -> check("{\"$defs\":{\"a\":{\"$id\":\"https://example.com/a\"}}}"))
                .hasMessageContaining("/$defs/a/$id: embedded schema resources are not supported");
    }

    @Test
    void givenReferenceToNothing_check_refusesIt() {
        assertThatThrownBy(() -> check("{\"properties\":{\"a\":{\"$ref\":\"#/$defs/missing\"}}}"))
                .hasMessageContaining("/properties/a/$ref: '#/$defs/missing' does not point to a schema");
    }

    @Test
    void givenRemoteRefHiddenWhereOnlyAPointerLeads_check_refusesIt() {
        assertThatThrownBy(() -> check("{\"$defs\":{\"a\":{\"x-hidden\":{\"$ref\":\"https://example.com/s\"}}},"
                + "\"$ref\":\"#/$defs/a/x-hidden\"}"))
                .hasMessageContaining("'https://example.com/s' is outside this schema");
    }

    @Test
    void givenSchemaDeeperThanTheLimit_check_refusesIt() {
        String deep = "{\"not\":".repeat(JsonSchemaValidator.MAX_SCHEMA_DEPTH) + "{}"
                + "}".repeat(JsonSchemaValidator.MAX_SCHEMA_DEPTH);

        assertRefused(deep, "Field 'input_schema' is not an accepted JSON Schema: it is nested deeper than 32 levels");
    }

    @Test
    void givenPatternThatDoesNotCompile_check_refusesItWithWhere() {
        assertThatThrownBy(() -> check("{\"properties\":{\"code\":{\"pattern\":\"[A-Z\"}}}"))
                .hasMessageStartingWith("Field 'input_schema' is not an accepted JSON Schema: "
                        + "/properties/code/pattern: '[A-Z' is not a valid regular expression (");
        assertThatThrownBy(() -> check("{\"patternProperties\":{\"(\":{}}}"))
                .hasMessageContaining("/patternProperties: '(' is not a valid regular expression");
    }

    @Test
    void givenCombinatorsNestedTooDeep_check_refusesItQuickly() {
        String nested = "{\"anyOf\":[".repeat(9) + "{\"type\":\"string\"}" + "]}".repeat(9);

        assertTimeoutPreemptively(HANG_GUARD, () -> assertRefused(nested,
                "Field 'input_schema' is not an accepted JSON Schema: allOf, anyOf, oneOf and not are nested more "
                        + "than 8 deep, counting through $ref"));
    }

    @Test
    void givenReferencesThatDoubleAtEveryLevel_check_refusesItQuickly() {
        StringBuilder defs = new StringBuilder("{\"$defs\":{");
        for (int level = 0; level < 30; level++) {
            String next = "{\"$ref\":\"#/$defs/l" + (level + 1) + "\"}";
            defs.append("\"l").append(level).append("\":{\"properties\":{\"a\":").append(next).append(",\"b\":")
                    .append(next).append("}},");
        }
        defs.append("\"l30\":{\"type\":\"string\"}},\"$ref\":\"#/$defs/l0\"}");

        assertTimeoutPreemptively(HANG_GUARD, () -> assertRefused(defs.toString(),
                "Field 'input_schema' is not an accepted JSON Schema: the schema has more than 1000 subschemas, "
                        + "counting the target of a $ref again at each use"));
    }

    @Test
    void givenRecursiveAnyOfAndADeepDocument_validate_stopsAtItsLimitsQuickly() {
        SchemaContract schema = new SchemaContract("""
                {"$defs":{"n":{"anyOf":[{"type":"object","properties":{"c":{"$ref":"#/$defs/n"}}},\
                {"type":"object","properties":{"c":{"$ref":"#/$defs/n"}},"required":["never"]}]}},\
                "$ref":"#/$defs/n"}""");
        String deep = "{\"c\":".repeat(60) + "1" + "}".repeat(60);

        List<Violation> violations = assertTimeoutPreemptively(HANG_GUARD, () -> validator.validate(schema, deep));

        assertThat(violations).isNotEmpty();
    }

    @Test
    void givenNestedQuantifierPattern_validate_answersQuickly() {
        SchemaContract schema = new SchemaContract("{\"properties\":{\"code\":{\"pattern\":\"^(a+)+$\"}}}");
        String hostile = "{\"code\":\"" + "a".repeat(5000) + "b\"}";

        List<Violation> violations = assertTimeoutPreemptively(HANG_GUARD, () -> validator.validate(schema, hostile));

        // rejected either way: by the pattern, or by the matching deadline on a machine too busy to finish in time
        assertThat(violations).hasSize(1).first().isIn(
                new Violation("code", "Field 'code' must match the pattern ^(a+)+$"),
                new Violation("", "The document could not be checked in time against the pattern ^(a+)+$"));
    }

    @Test
    void givenPatternThatBacktracksForever_validate_givesUpAtTheDeadlineAndRejects() {
        SchemaContract schema = new SchemaContract("{\"properties\":{\"code\":{\"pattern\":\"^(.*a){20}$\"}}}");
        String hostile = "{\"code\":\"" + "a".repeat(5000) + "!\"}";

        List<Violation> violations = assertTimeoutPreemptively(HANG_GUARD, () -> validator.validate(schema, hostile));

        assertThat(violations).containsExactly(
                new Violation("", "The document could not be checked in time against the pattern ^(.*a){20}$"));
    }

    @Test
    void givenSlowPatternUnderNot_validate_doesNotLetTheDocumentThrough() {
        SchemaContract schema = new SchemaContract("{\"not\":{\"properties\":{\"code\":{\"pattern\":\"^(.*a){20}$\"}}}}");
        String hostile = "{\"code\":\"" + "a".repeat(5000) + "!\"}";

        List<Violation> violations = assertTimeoutPreemptively(HANG_GUARD, () -> validator.validate(schema, hostile));

        assertThat(violations).isNotEmpty();
    }

    @Test
    void givenSlowPatternProperty_validate_givesUpAtTheDeadline() {
        SchemaContract schema = new SchemaContract("{\"patternProperties\":{\"^(.*a){20}$\":{\"type\":\"integer\"}}}");
        String hostile = "{\"" + "a".repeat(5000) + "!\":\"x\"}";

        List<Violation> violations = assertTimeoutPreemptively(HANG_GUARD, () -> validator.validate(schema, hostile));

        assertThat(violations).singleElement()
                .satisfies(violation -> assertThat(violation.message()).contains("could not be checked in time"));
    }

    @Test
    void givenLargeDocument_validate_staysWithinTheEvaluationLimits() {
        String item = "{\"text\":\"x\",\"max_length\":100,\"options\":{\"format\":\"bullets\"}}";
        SchemaContract schema = new SchemaContract("{\"type\":\"array\",\"items\":" + JsonSchemaValidatorTest.DEMO.document() + "}");
        String many = "[" + String.join(",", java.util.Collections.nCopies(5000, item)) + "]";

        assertThat(validator.validate(schema, many)).isEmpty();
    }

    private void check(String document) {
        validator.check("input_schema", new SchemaContract(document));
    }

    private void assertRefused(String document, String message) {
        assertThatThrownBy(() -> check(document))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).contains("input_schema"))
                .hasMessage(message);
    }
}
