package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The checker the end-to-end tests rely on must itself be able to say no. */
class OpenApiContractTest {

    private static final String DOCUMENT = """
            {"openapi":"3.1.0","info":{"title":"t","version":"1"},
             "paths":{"/things/{id}":{"get":{"responses":{
               "200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Thing"}}}},
               "404":{"$ref":"#/components/responses/NotFound"}}}}},
             "components":{
               "schemas":{"Thing":{"type":"object","required":["id"],"additionalProperties":false,
                                   "properties":{"id":{"type":"string"},"size":{"$ref":"#/components/schemas/Size"}}},
                          "Size":{"type":"integer","minimum":0}},
               "responses":{"NotFound":{"description":"nf","content":{"application/json":{"schema":{"type":"object","required":["error"]}}}}},
               "pathItems":{"TenantEndpoint":{"post":{"responses":{
                 "200":{"description":"ok","content":{"application/json":{"schema":{}},"text/plain":{"schema":{"type":"string"}}}},
                 "404":{"$ref":"#/components/responses/NotFound"}}}}}}}
            """;
    private static final Optional<String> JSON = Optional.of("application/json");

    private final OpenApiContract contract = new OpenApiContract(DOCUMENT);

    @Test
    void givenDocumentedBody_assertConforms_passes() {
        assertThatCode(() -> contract.assertConforms("GET", "/things/1", 200, JSON, "{\"id\":\"1\",\"size\":3}"))
                .doesNotThrowAnyException();
    }

    @Test
    void givenUndeclaredField_assertConforms_fails() {
        assertThatThrownBy(() -> contract.assertConforms("GET", "/things/1", 200, JSON, "{\"id\":\"1\",\"extra\":1}"))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void givenWrongTypeBehindNestedRef_assertConforms_fails() {
        assertThatThrownBy(() -> contract.assertConforms("GET", "/things/1", 200, JSON, "{\"id\":\"1\",\"size\":-1}"))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void givenUndocumentedStatus_assertConforms_fails() {
        assertThatThrownBy(() -> contract.assertConforms("GET", "/things/1", 418, JSON, "{}"))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void givenUndocumentedMediaType_assertConforms_fails() {
        assertThatThrownBy(() -> contract.assertConforms("GET", "/things/1", 200, Optional.of("text/plain"), "x"))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void givenUnroutedPath_assertConforms_acceptsOnlyTheSharedNotFound() {
        assertThatCode(() -> contract.assertConforms("GET", "/nowhere", 404, JSON, "{\"error\":{}}"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> contract.assertConforms("GET", "/nowhere", 200, JSON, "{}"))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void givenPostToAnUnlistedPath_assertConforms_holdsItToTheTenantEndpointOperation() {
        assertThatCode(() -> contract.assertConforms("POST", "/api/v1/summarize", 200, Optional.of("text/plain"),
                "A summary")).doesNotThrowAnyException();
        assertThatCode(() -> contract.assertConforms("POST", "/api/v1/summarize?prompt=x", 404, JSON,
                "{\"error\":{}}")).doesNotThrowAnyException();
        assertThatThrownBy(() -> contract.assertConforms("POST", "/api/v1/summarize", 201, JSON, "{}"))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> contract.assertConforms("POST", "/api/v1/summarize", 404, JSON, "{}"))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> contract.assertConforms("POST", "/api/v1/summarize", 200, Optional.of("text/html"),
                "<p>")).isInstanceOf(AssertionError.class);
    }

    @Test
    void givenPostToAnUnlistedPathOfOurOwn_assertConforms_acceptsOnlyTheSharedNotFound() {
        assertThatThrownBy(() -> contract.assertConforms("POST", "/v1/nowhere", 200, Optional.of("text/plain"), "x"))
                .isInstanceOf(AssertionError.class);
        assertThatCode(() -> contract.assertConforms("POST", "/v1/nowhere", 404, JSON, "{\"error\":{}}"))
                .doesNotThrowAnyException();
    }
}
