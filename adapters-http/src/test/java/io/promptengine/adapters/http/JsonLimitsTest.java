package io.promptengine.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.core.StreamReadConstraints;

/**
 * Each of the parser's limits, reached with a small document under small limits, is reported as itself (the
 * request-level tests reach the real limits that a request body can).
 */
class JsonLimitsTest {

    private final Json json = new Json(StreamReadConstraints.builder().maxNestingDepth(3).maxNumberLength(5)
            .maxNameLength(6).maxStringLength(7).build());

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"a\":[[[1]]]}            | Request body is nested deeper than 3 levels",
        "{\"a\":123456}             | Request body has a number longer than 5 characters",
        "{\"a\":1.23456}            | Request body has a number longer than 5 characters",
        "{\"abcdefg\":1}            | Request body has a field name longer than 6 characters",
        "{\"a\":\"abcdefgh\"}       | Request body has a string longer than 7 characters",
    })
    void givenDocumentOverALimit_read_namesThatLimit(String document, String message) {
        HttpError refused = catchThrowableOfType(() -> json.read(document.getBytes(StandardCharsets.UTF_8)),
                HttpError.class);

        assertThat(refused).isNotNull();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo("invalid_json");
        assertThat(refused.getMessage()).isEqualTo(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"{\"a\":[[1]]}", "{\"a\":12345}", "{\"abcdef\":1}", "{\"a\":\"abcdefg\"}"})
    void givenDocumentAtEachLimit_read_acceptsIt(String document) {
        assertThat(json.read(document.getBytes(StandardCharsets.UTF_8)).isObject()).isTrue();
    }
}
