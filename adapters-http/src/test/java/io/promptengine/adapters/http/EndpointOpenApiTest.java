package io.promptengine.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import io.promptengine.application.port.in.Caller;
import io.promptengine.domain.schema.SchemaContract;
import io.promptengine.domain.tenant.ApiKeyId;
import io.promptengine.domain.tenant.Scope;
import io.promptengine.domain.tenant.TenantId;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The per-endpoint OpenAPI 3.1 document, read by a real OpenAPI parser and used by a real request validator. Its
 * example body is the (fake) schema adapter's: {@link Definitions#INPUT_EXAMPLE} for the seed's input schema.
 */
class EndpointOpenApiTest extends SharedServerTest {

    private static final String OUTPUT_SCHEMA = "{\"type\":\"object\",\"required\":[\"summary\",\"word_count\"],"
            + "\"properties\":{\"summary\":{\"type\":\"string\"},\"word_count\":{\"type\":\"integer\"}}}";

    @Test
    void givenEndpointWithBothSchemas_document_parsesAsOpenApi31WithOnePostOperation() {
        SwaggerParseResult parsed = parse(document(summarize()));

        assertThat(parsed.getMessages()).isEmpty();
        OpenAPI api = parsed.getOpenAPI();
        assertThat(api.getOpenapi()).isEqualTo("3.1.0");
        assertThat(api.getServers().get(0).getUrl()).isEqualTo("http://127.0.0.1:" + server.port);
        assertThat(api.getPaths()).containsOnlyKeys("/api/v1/summarize");
        Operation post = api.getPaths().get("/api/v1/summarize").getPost();
        assertThat(api.getPaths().get("/api/v1/summarize").readOperations()).containsExactly(post);
        assertThat(post.getRequestBody().getContent().get("application/json").getSchema().get$ref())
                .isEqualTo("#/components/schemas/Input");
        assertThat(api.getComponents().getSchemas().get("Input").getProperties())
                .containsOnlyKeys("text", "max_length", "options");
        assertThat(post.getResponses().get("200").getContent().get("application/json").getSchema().get$ref())
                .isEqualTo("#/components/schemas/Output");
        assertThat(api.getComponents().getSchemas().get("Output").getRequired()).containsExactly("summary",
                "word_count");
    }

    @Test
    void givenEndpoint_document_describesErrorsSecurityParametersAndRateLimitHeaders() {
        OpenAPI api = parse(document(summarize())).getOpenAPI();
        Operation post = api.getPaths().get("/api/v1/summarize").getPost();

        assertThat(post.getResponses()).containsKeys("200", "400", "401", "403", "404", "429", "502", "504");
        for (String status : List.of("400", "401", "403", "404", "429", "502", "504")) {
            assertThat(post.getResponses().get(status).getContent().get("application/json").getSchema().get$ref())
                    .isEqualTo("#/components/schemas/Error");
        }
        assertThat(api.getComponents().getSchemas().get("Error").getRequired()).containsExactly("error");
        SecurityScheme scheme = api.getComponents().getSecuritySchemes().get("ApiKeyAuth");
        assertThat(scheme.getType()).isEqualTo(SecurityScheme.Type.APIKEY);
        assertThat(scheme.getIn()).isEqualTo(SecurityScheme.In.HEADER);
        assertThat(scheme.getName()).isEqualTo("x-api-key");
        assertThat(api.getSecurity().get(0)).containsOnlyKeys("ApiKeyAuth");
        assertThat(post.getParameters()).extracting(Parameter::getName, Parameter::getIn)
                .contains(tuple("prompt", "query"), tuple("x-cache-bypass", "header"));
        assertThat(post.getResponses().get("200").getHeaders()).containsKeys("X-RateLimit-Limit",
                "X-RateLimit-Remaining", "X-RateLimit-Reset", "X-Request-Id", "X-Execution-Id", "X-Cache");
        assertThat(post.getResponses().get("429").getHeaders()).containsKeys("Retry-After", "X-RateLimit-Reset");
    }

    @Test
    void givenEndpointWithoutOutputSchema_document_answersPlainText() {
        String id = server.postJson("/v1/endpoints", "{\"path\":\"/raw\",\"input_schema\":"
                + Definitions.INPUT_SCHEMA + "}").json().path("id").asString();

        OpenAPI api = parse(document(id)).getOpenAPI();

        assertThat(api.getPaths().get("/raw").getPost().getResponses().get("200").getContent())
                .containsOnlyKeys("text/plain", "text/event-stream");
        assertThat(api.getComponents().getSchemas()).doesNotContainKey("Output");
    }

    @Test
    void givenEndpoint_exampleBody_isARequestTheDocumentAccepts() {
        String document = document(summarize());
        JsonNode example = TestServer.JSON.readTree(document).at(
                "/paths/~1api~1v1~1summarize/post/requestBody/content/application~1json/example");
        OpenApiInteractionValidator validator = OpenApiInteractionValidator
                .createForInlineApiSpecification(document).build();

        ValidationReport sample = validator.validateRequest(request(example.toString()));
        ValidationReport missingText = validator.validateRequest(request("{\"max_length\":10}"));
        ValidationReport tooShort = validator.validateRequest(request("{\"text\":\"x\",\"max_length\":5}"));

        assertThat(errors(sample)).isEmpty();
        assertThat(example.path("text").asString()).isEqualTo("Example text");
        assertThat(example.path("max_length").asInt()).isEqualTo(10);
        assertThat(example.path("options").path("format").asString()).isEqualTo("bullets");
        assertThat(errors(missingText)).isNotEmpty();
        assertThat(errors(tooShort)).isNotEmpty();
    }

    @Test
    void givenEndpoint_codeSamples_callItInCurlPythonJavaScriptAndJava() {
        String url = "http://127.0.0.1:" + server.port + "/api/v1/summarize";
        JsonNode samples = TestServer.JSON.readTree(document(summarize()))
                .at("/paths/~1api~1v1~1summarize/post/x-codeSamples");

        assertThat(samples.valueStream().map(sample -> sample.path("lang").asString()))
                .containsExactly("curl", "Python", "JavaScript", "Java");
        assertThat(samples).allSatisfy(sample -> assertThat(sample.path("source").asString()).contains(url)
                .contains("x-api-key").contains("YOUR_API_KEY"));
        assertThat(samples.get(0).path("source").asString()).startsWith("curl -X POST '" + url + "'")
                .contains("\"text\": \"Example text\"");
        assertThat(samples.get(1).path("source").asString()).contains("import requests")
                .contains("\"text\": \"Example text\"").contains("\"max_length\": 10")
                .contains("print(response.json())");
        assertThat(samples.get(2).path("source").asString()).contains("await fetch(\"" + url + "\"")
                .contains("JSON.stringify(");
        assertThat(samples.get(3).path("source").asString()).contains("HttpClient.newHttpClient()")
                .contains("ofString(\"{\\\"text\\\":\\\"Example text\\\"");
    }

    @Test
    void givenExampleWithQuotesAndBooleans_codeSamples_quoteThemForEachLanguage() {
        String schema = "{\"type\":\"object\",\"title\":\"quoted\"}";
        server.definitions.wiring().schemas().exampleOf(new SchemaContract(schema),
                "{\"note\":\"it's \\\"fine\\\"\",\"strict\":false,\"extra\":null}");
        String id = server.postJson("/v1/endpoints", "{\"path\":\"/quoted\",\"input_schema\":" + schema + "}")
                .json().path("id").asString();

        JsonNode samples = TestServer.JSON.readTree(document(id)).at("/paths/~1quoted/post/x-codeSamples");

        assertThat(samples.get(0).path("source").asString()).contains("it'\\''s \\\"fine\\\"");
        assertThat(samples.get(1).path("source").asString()).contains("\"strict\": False")
                .contains("\"extra\": None").contains("print(response.text)");
        assertThat(samples.get(3).path("source").asString()).contains("it's \\\\\\\"fine\\\\\\\"");
    }

    @Test
    void givenDraft07SchemaWithLocalReferences_document_resolvesThemInsideTheComponent() {
        String id = server.postJson("/v1/endpoints", "{\"path\":\"/refs\",\"input_schema\":{"
                + "\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\","
                + "\"definitions\":{\"lang\":{\"type\":\"string\",\"enum\":[\"en\",\"fr\"]}},"
                + "\"properties\":{\"language\":{\"$ref\":\"#/definitions/lang\"}}}}").json().path("id").asString();
        String document = document(id);

        SwaggerParseResult parsed = parse(document);

        assertThat(parsed.getMessages()).isEmpty();
        JsonNode tree = TestServer.JSON.readTree(document);
        assertThat(tree.at("/components/schemas/Input/properties/language/$ref").asString())
                .isEqualTo("#/components/schemas/Input/definitions/lang");
    }

    @Test
    void givenExecuteOnlyKey_document_is403() {
        server.authentication.register("pe_live_runner", new Caller(new TenantId("ten_acme"), new ApiKeyId("key_x"),
                EnumSet.of(Scope.EXECUTE), "free", OptionalInt.empty()));
        String id = summarize();

        TestServer.Reply reply = server.send(server.anonymous("/v1/endpoints/" + id + "/openapi.json")
                .header("x-api-key", "pe_live_runner").GET().build());

        assertThat(reply.status()).isEqualTo(403);
    }

    private static String summarize() {
        return server.postJson("/v1/endpoints", "{\"path\":\"/api/v1/summarize\",\"input_schema\":"
                + Definitions.INPUT_SCHEMA + ",\"output_schema\":" + OUTPUT_SCHEMA + "}").json().path("id").asString();
    }

    private static String document(String endpointId) {
        TestServer.Reply reply = server.get("/v1/endpoints/" + endpointId + "/openapi.json");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        return reply.body();
    }

    private static SwaggerParseResult parse(String document) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIV3Parser().readContents(document, null, options);
    }

    private static SimpleRequest request(String body) {
        return SimpleRequest.Builder.post("/api/v1/summarize").withContentType("application/json")
                .withHeader("x-api-key", "pe_live_test").withBody(body).build();
    }

    private static List<String> errors(ValidationReport report) {
        return report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(ValidationReport.Message::getMessage).toList();
    }
}
