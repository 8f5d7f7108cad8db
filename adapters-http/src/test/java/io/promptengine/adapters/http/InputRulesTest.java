package io.promptengine.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Small faults in what a client sends, each refused with a 400 that says exactly what is wrong: malformed UTF-8,
 * text that is not text, a number over the parser's limit, a malformed query string, ambiguous credentials.
 */
class InputRulesTest extends SharedServerTest {

    private static final String EXECUTE = "/v1/prompt/execute";
    /** {@code {"model":"echo","input":"} is 25 bytes: the first byte of the input is at offset 25. */
    private static final String BEFORE_INPUT = "{\"model\":\"echo\",\"input\":\"";
    private static final String AFTER_INPUT = "\"}";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "C0AF       | an overlong encoding (0xC0) at byte offset 26",
        "E080AF     | an overlong encoding (0xE0 0x80) at byte offset 26",
        "F0808080   | an overlong encoding (0xF0 0x80) at byte offset 26",
        "EDA080     | an encoded UTF-16 surrogate (0xED 0xA0) at byte offset 26",
        "F4908080   | a code point above U+10FFFF (0xF4 0x90) at byte offset 26",
        "FF         | a byte that never occurs in UTF-8 (0xFF) at byte offset 26",
        "80         | a continuation byte (0x80) where a character starts at byte offset 26",
        "E282       | an incomplete sequence (0xE2 not followed by a continuation byte) at byte offset 26",
    })
    void givenMalformedUtf8InTheBody_execute_is400NamingTheProblemAndItsOffset(String hex, String problem) {
        TestServer.Reply reply = postBytes(EXECUTE, concat(utf8(BEFORE_INPUT + "a"), HexFormat.of().parseHex(hex),
                utf8("b" + AFTER_INPUT)));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("invalid_json");
        assertThat(reply.errorMessage()).isEqualTo("Request body is not valid UTF-8: " + problem);
        assertThat(server.executePrompt.lastCommand).isNull();
    }

    @Test
    void givenBodyCutInTheMiddleOfACharacter_execute_is400() {
        TestServer.Reply reply = postBytes(EXECUTE, concat(utf8(BEFORE_INPUT), HexFormat.of().parseHex("E282")));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("invalid_json");
        assertThat(reply.errorMessage()).isEqualTo("Request body is not valid UTF-8: a sequence cut short by the end "
                + "of the input (0xE2) at byte offset 25");
    }

    @Test
    void givenWellFormedCharactersOfEveryLength_execute_passesThemOnUnchanged() {
        String input = "a/é€😀\uFFFD\uD7FF\uE000\uDBFF\uDFFF";

        TestServer.Reply reply = postBytes(EXECUTE, utf8(BEFORE_INPUT + input + AFTER_INPUT));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(server.executePrompt.lastCommand.input()).isEqualTo(input);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "\\ud800         | an unpaired UTF-16 surrogate (\\ud800)",
        "x\\udfff        | an unpaired UTF-16 surrogate (\\udfff)",
        "\\udc00\\ud800  | an unpaired UTF-16 surrogate (\\udc00)",
        "\\ud800x        | an unpaired UTF-16 surrogate (\\ud800)",
        "a\\u0000b       | the NUL character (\\u0000)",
    })
    void givenStringThatIsNotText_execute_is400NamingTheField(String escaped, String flaw) {
        TestServer.Reply reply = server.postJson(EXECUTE, BEFORE_INPUT + escaped + AFTER_INPUT);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("validation_error");
        assertThat(reply.errorField()).isEqualTo("input");
        assertThat(reply.errorMessage()).isEqualTo("Field 'input' must not contain " + flaw);
        assertThat(server.executePrompt.lastCommand).isNull();
    }

    @Test
    void givenPairedSurrogateEscapesAndAnEscapedBackslash_execute_acceptsThem() {
        TestServer.Reply reply = server.postJson(EXECUTE, BEFORE_INPUT + "\\ud83d\\ude00 \\\\u0000" + AFTER_INPUT);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(server.executePrompt.lastCommand.input()).isEqualTo("😀 \\u0000");
    }

    @Test
    void givenNulDeepInAnEndpointInput_call_is400NamingItsPath() {
        TestServer.Reply reply = server.postJson(FakeCallEndpoint.PATH,
                "{\"text\":\"fine\",\"options\":{\"tags\":[\"ok\",\"bad\\u0000\"]}}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("validation_error");
        assertThat(reply.errorField()).isEqualTo("options.tags[1]");
        assertThat(reply.errorMessage()).isEqualTo("Field 'options.tags[1]' must not contain the NUL character "
                + "(\\u0000)");
        assertThat(server.callEndpoint.lastCommand).isNull();
    }

    @Test
    void givenFieldNameWithANul_call_is400ShowingTheNameEscaped() {
        TestServer.Reply reply = server.postJson(FakeCallEndpoint.PATH, "{\"text\":\"fine\",\"te\\u0000xt\":1}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("validation_error");
        assertThat(reply.errorField()).isEqualTo("te\\u0000xt");
        assertThat(reply.errorMessage()).isEqualTo("Field name 'te\\u0000xt' must not contain the NUL character "
                + "(\\u0000)");
    }

    @Test
    void givenFieldNameWithALoneSurrogate_call_is400FromTheParser() {
        TestServer.Reply reply = server.postJson(FakeCallEndpoint.PATH, "{\"text\":\"fine\",\"te\\udc00xt\":1}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("invalid_json");
        assertThat(reply.errorMessage()).isEqualTo("Request body is not valid JSON: Unexpected low surrogate in "
                + "property name (DC00) without preceding high surrogate (line 1, column 25)");
    }

    @Test
    void givenNumberOfMoreThan1000Digits_execute_is400SayingTheNumberIsTooLong() {
        String body = "{\"model\":\"echo\",\"input\":\"hi\",\"max_tokens\":" + "1".repeat(1_001) + "}";

        TestServer.Reply reply = server.postJson(EXECUTE, body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("invalid_json");
        assertThat(reply.errorMessage()).isEqualTo("Request body has a number longer than 1000 characters");
    }

    @ParameterizedTest(name = "{0}: {1} digits")
    @CsvSource({"max_tokens, 1000, 'Field ''max_tokens'' must be at most 2147483647'",
        "max_tokens, 400, 'Field ''max_tokens'' must be at most 2147483647'",
        "temperature, 1000, 'Field ''temperature'' must be between 0.0 and 1.0'"})
    void givenIntegerWithinTheLengthLimitButBeyondADouble_execute_judgesTheField(String field, int digits,
            String message) {
        String body = "{\"model\":\"echo\",\"input\":\"hi\",\"" + field + "\":" + "1".repeat(digits) + "}";

        TestServer.Reply reply = server.postJson(EXECUTE, body);

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("validation_error");
        assertThat(reply.errorField()).isEqualTo(field);
        assertThat(reply.errorMessage()).isEqualTo(message);
    }

    @Test
    void givenFieldNameOfMoreThan50000Characters_execute_is400SayingTheNameIsTooLong() {
        String body = "{\"model\":\"echo\",\"input\":\"hi\",\"" + "n".repeat(50_001) + "\":1}";

        TestServer.Reply reply = server.postJson(EXECUTE, body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("invalid_json");
        assertThat(reply.errorMessage()).isEqualTo("Request body has a field name longer than 50000 characters");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "cursor=%%%%zz       | '%%%' at offset 7 is not a percent-encoded byte (%XX, two hex digits)",
        "limit=5&cursor=%zz  | '%zz' at offset 15 is not a percent-encoded byte (%XX, two hex digits)",
        "cursor=ab%4         | '%4' at offset 9 is not a percent-encoded byte (%XX, two hex digits)",
        "cur%sor=1           | '%so' at offset 3 is not a percent-encoded byte (%XX, two hex digits)",
        "cursor=%C0%AF       | '%C0%AF' at offset 7 does not decode to UTF-8: an overlong encoding (0xC0)",
        "model=a%00b         | 'a%00b' at offset 6 holds the NUL character (%00)",
    })
    void givenMalformedQueryString_list_is400SayingSo(String query, String why) throws IOException {
        String response = server.raw("GET /v1/executions?" + query + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + FakeAuthentication.KEY + "\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400");
        JsonNode error = TestServer.JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4)).path("error");
        assertThat(error.path("code").asString()).isEqualTo("validation_error");
        assertThat(error.path("message").asString()).isEqualTo("The query string is malformed: " + why);
        assertThat(server.queries.lastQuery).isNull();
    }

    @Test
    void givenPercentEncodedCursorAndPlus_list_decodesThem() {
        TestServer.Reply reply = server.get("/v1/executions?cursor=a%2Bb+c%C3%A9&model=gpt-4o");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(server.queries.lastQuery).isNotNull();
        assertThat(server.queries.lastQuery.cursor()).contains("a+b cé");
        assertThat(server.queries.lastQuery.filter().model()).contains("gpt-4o");
    }

    @ParameterizedTest(name = "{0} and {1}")
    @CsvSource({
        "Authorization, Bearer pe_live_test_key, x-api-key, pe_live_other",
        "x-api-key, pe_live_test_key, api-key, pe_live_other",
        "Authorization, Bearer pe_live_other, Authorization, Bearer pe_live_test_key",
        "x-api-key, pe_live_test_key, x-api-key, pe_live_other",
    })
    void givenTwoDifferentKeys_request_is400AmbiguousAndNeitherIsTried(String first, String firstValue,
            String second, String secondValue) {
        TestServer.Reply reply = server.send(server.anonymous("/v1/executions").header(first, firstValue)
                .header(second, secondValue).GET().build());

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("validation_error");
        assertThat(reply.errorMessage()).isEqualTo("Ambiguous credentials: the request presents more than one API "
                + "key (in Authorization, x-api-key or api-key); send one");
        assertThat(server.authentication.lastPresented).isNull();
    }

    @ParameterizedTest(name = "{0} and {1}")
    @CsvSource({
        "Authorization, Bearer pe_live_test_key, api-key, pe_live_test_key",
        "x-api-key, pe_live_test_key, x-api-key, ' pe_live_test_key '",
    })
    void givenTheSameKeyTwice_request_isOneCredentialAndIsServed(String first, String firstValue, String second,
            String secondValue) {
        TestServer.Reply reply = server.send(server.anonymous("/v1/executions").header(first, firstValue)
                .header(second, secondValue).GET().build());

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(server.authentication.lastPresented).isEqualTo(FakeAuthentication.KEY);
    }

    @ValueSource(strings = {"/v1/admin/tenants"})
    @ParameterizedTest
    void givenTwoDifferentKeysOnAnOperatorRoute_request_is400Too(String path) {
        TestServer.Reply reply = server.send(server.operator(path).header("x-api-key", "pe_live_other").GET()
                .build());

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorMessage()).startsWith("Ambiguous credentials");
    }

    private static TestServer.Reply postBytes(String path, byte[] body) {
        return server.send(server.authorized(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }
}
