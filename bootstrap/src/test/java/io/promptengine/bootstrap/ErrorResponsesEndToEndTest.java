package io.promptengine.bootstrap;

import static io.promptengine.bootstrap.ErrorEnvelopeAssert.assertError;
import static io.promptengine.bootstrap.ErrorEnvelopeAssert.assertValidationError;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Every error of the execution API, over real HTTP: status, envelope code, field, and the request id. */
class ErrorResponsesEndToEndTest {

    /** Small enough to exceed cheaply, large enough for a 10,000-level document to reach the parser. */
    private static final int MAX_BODY_BYTES = 32_768;
    private static final String EXECUTE = "/v1/prompt/execute";
    private static final String UNKNOWN_ID = "exec_0000000000000000000000000";

    private static RunningApp app;

    @BeforeAll
    static void start() {
        app = RunningApp.start(Map.of("PE_MAX_BODY_BYTES", String.valueOf(MAX_BODY_BYTES)), new BoomModelProvider());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void givenNoKey_execute_isUnauthorized() {
        Api.Reply reply = app.api().withKey(null).post(EXECUTE, "{\"model\":\"echo\",\"input\":\"hi\"}");

        assertError(reply, 401, "unauthorized");
        assertThat(reply.header("WWW-Authenticate")).contains("Bearer");
    }

    @Test
    void givenUnknownKey_execute_isUnauthorized() {
        Api.Reply reply = app.api().withKey("pe_live_unknown").post(EXECUTE, "{\"model\":\"echo\",\"input\":\"hi\"}");

        assertError(reply, 401, "unauthorized");
    }

    @Test
    void givenUnknownKey_getExecution_isUnauthorizedNotNotFound() {
        Api.Reply reply = app.api().withKey("pe_live_unknown").get("/v1/executions/" + UNKNOWN_ID);

        assertError(reply, 401, "unauthorized");
    }

    @Test
    void givenMalformedJson_execute_isInvalidJson() {
        Api.Reply reply = app.api().post(EXECUTE, "{\"model\":\"echo\",\"input\":");

        assertError(reply, 400, "invalid_json");
    }

    @Test
    void givenMissingModel_execute_isValidationErrorOnModel() {
        assertValidationError(app.api().post(EXECUTE, "{\"input\":\"hi\"}"), "model");
    }

    @Test
    void givenModelNotAString_execute_isValidationErrorOnModel() {
        assertValidationError(app.api().post(EXECUTE, "{\"model\":4,\"input\":\"hi\"}"), "model");
    }

    @Test
    void givenMissingInput_execute_isValidationErrorOnInput() {
        assertValidationError(app.api().post(EXECUTE, "{\"model\":\"echo\"}"), "input");
    }

    @Test
    void givenInputNotAString_execute_isValidationErrorOnInput() {
        assertValidationError(app.api().post(EXECUTE, "{\"model\":\"echo\",\"input\":[\"hi\"]}"), "input");
    }

    @Test
    void givenTemperatureAboveOne_execute_isValidationErrorOnTemperature() {
        JsonNode error = assertValidationError(
                app.api().post(EXECUTE, "{\"model\":\"echo\",\"input\":\"hi\",\"temperature\":1.01}"), "temperature");
        assertThat(error.path("message").asString()).contains("0.0").contains("1.0");
    }

    @Test
    void givenTemperatureBelowZero_execute_isValidationErrorOnTemperature() {
        assertValidationError(app.api().post(EXECUTE, "{\"model\":\"echo\",\"input\":\"hi\",\"temperature\":-0.1}"),
                "temperature");
    }

    @Test
    void givenZeroMaxTokens_execute_isValidationErrorOnMaxTokens() {
        assertValidationError(app.api().post(EXECUTE, "{\"model\":\"echo\",\"input\":\"hi\",\"max_tokens\":0}"),
                "max_tokens");
    }

    @Test
    void givenNegativeMaxTokens_execute_isValidationErrorOnMaxTokens() {
        assertValidationError(app.api().post(EXECUTE, "{\"model\":\"echo\",\"input\":\"hi\",\"max_tokens\":-5}"),
                "max_tokens");
    }

    @Test
    void givenModelWithNoProviderConfigured_execute_isValidationErrorSayingHowToConfigureOne() {
        Api.Reply reply = app.api().post(EXECUTE, "{\"model\":\"gpt-4\",\"input\":\"Explain quantum entanglement.\"}");

        JsonNode error = assertValidationError(reply, "model");
        assertThat(error.path("message").asString()).contains("'gpt-4'").contains("OPENAI_API_KEY");
    }

    @Test
    void givenModelWithNoProviderConfigured_asyncExecute_isRejectedBeforeQueueing() {
        Api.Reply reply = app.api().submit("gpt-4", "hi");

        assertValidationError(reply, "model");
        assertThat(reply.header("Location")).isEmpty();
    }

    @Test
    void givenUnknownExecutionId_get_isNotFound() {
        assertError(app.api().get("/v1/executions/" + UNKNOWN_ID), 404, "not_found");
    }

    @Test
    void givenUnknownExecutionId_status_isNotFound() {
        assertError(app.api().get("/v1/executions/" + UNKNOWN_ID + "/status"), 404, "not_found");
    }

    @Test
    void givenUnknownExecutionId_cancel_isNotFound() {
        assertError(app.api().send(app.api().request("/v1/executions/" + UNKNOWN_ID + "/cancel")
                .POST(HttpRequest.BodyPublishers.noBody()).build()), 404, "not_found");
    }

    @Test
    void givenIdOfAnotherFormat_get_isNotFound() {
        assertError(app.api().get("/v1/executions/3f2504e0-4f89-11d3-9a0c-0305e82c3301"), 404, "not_found");
        assertError(app.api().get("/v1/executions/exec_with%20space"), 404, "not_found");
    }

    @Test
    void givenUnknownRoute_get_isNotFound() {
        assertError(app.api().get("/v1/nowhere"), 404, "not_found");
    }

    @Test
    void givenWrongMethod_onExecute_isMethodNotAllowed() {
        Api.Reply reply = app.api().get(EXECUTE);

        assertError(reply, 405, "method_not_allowed");
        assertThat(reply.header("Allow")).hasValueSatisfying(allow -> assertThat(allow).contains("POST"));
    }

    @Test
    void givenBodyOverTheLimitWithContentLength_execute_isPayloadTooLarge() {
        Api.Reply reply = app.api().post(EXECUTE, oversizedBody());

        assertError(reply, 413, "payload_too_large");
    }

    @Test
    void givenChunkedBodyOverTheLimit_execute_isPayloadTooLarge() {
        byte[] body = oversizedBody().getBytes(StandardCharsets.UTF_8);
        HttpRequest request = app.api().request(EXECUTE).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        assertThat(request.bodyPublisher().orElseThrow().contentLength()).as("no declared length: chunked").isNegative();

        assertError(app.api().send(request), 413, "payload_too_large");
    }

    @Test
    void givenBodyJustUnderTheLimit_execute_isServed() {
        String input = "x".repeat(MAX_BODY_BYTES - 40);
        String body = "{\"model\":\"echo\",\"input\":\"" + input + "\"}";
        assertThat(body.length()).isLessThanOrEqualTo(MAX_BODY_BYTES);

        assertThat(app.api().post(EXECUTE, body).status()).isEqualTo(200);
    }

    @Test
    void givenTextPlainBody_execute_isUnsupportedMediaType() {
        Api.Reply reply = app.api().send(app.api().request(EXECUTE).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"echo\",\"input\":\"hi\"}")).build());

        assertError(reply, 415, "unsupported_media_type");
    }

    @Test
    void givenJsonNestedTenThousandLevels_execute_isInvalidJsonAndTheServerStillAnswers() {
        String nested = "{\"model\":\"echo\",\"input\":\"hi\",\"extra\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        assertThat(nested.length()).isLessThan(MAX_BODY_BYTES);

        assertError(app.api().post(EXECUTE, nested), 400, "invalid_json");

        assertThat(app.api().post(EXECUTE, "{\"model\":\"echo\",\"input\":\"still here\"}").status()).isEqualTo(200);
    }

    @Test
    void givenProviderThatThrows_execute_isInternalErrorWithoutDetails() {
        Api.Reply reply = app.api().post(EXECUTE, "{\"model\":\"" + BoomModelProvider.MODEL + "\",\"input\":\"hi\"}");

        assertError(reply, 500, "internal_error");
        assertThat(reply.body()).doesNotContain(BoomModelProvider.SECRET_DETAIL, "IllegalStateException",
                "Exception", "io.promptengine", "java.", "\tat ");
        assertThat(app.api().post(EXECUTE, "{\"model\":\"echo\",\"input\":\"still here\"}").status()).isEqualTo(200);
    }

    @Test
    void givenProviderThatThrows_asyncExecute_failsWithoutDetails() {
        String id = app.api().submit(BoomModelProvider.MODEL, "hi").json().path("id").asString();

        JsonNode status = app.api().awaitStatus(id, "failed");

        assertThat(status.path("error").path("code").asString()).isEqualTo("internal_error");
        assertThat(status.toString()).doesNotContain(BoomModelProvider.SECRET_DETAIL, "Exception");
    }

    @Test
    void givenRequestId_execute_keepsIt() {
        Api.Reply reply = app.api().send(app.api().jsonPost(EXECUTE, "{\"model\":\"echo\",\"input\":\"hi\"}")
                .header("X-Request-Id", "client-chosen-42").build());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.requestId()).isEqualTo("client-chosen-42");
        JsonNode execution = app.api().get("/v1/executions/" + reply.json().path("id").asString()).json();
        assertThat(execution.path("request_id").asString()).isEqualTo("client-chosen-42");
    }

    @Test
    void givenNoRequestId_execute_generatesOne() {
        Api.Reply first = app.api().post(EXECUTE, "{\"model\":\"echo\",\"input\":\"hi\"}");
        Api.Reply second = app.api().post(EXECUTE, "{\"model\":\"echo\",\"input\":\"hi\"}");

        assertThat(first.requestId()).startsWith("req_").isNotEqualTo(second.requestId());
    }

    @Test
    void givenRequestId_error_keepsItInHeaderAndEnvelope() {
        Api.Reply reply = app.api().send(app.api().jsonPost(EXECUTE, "{\"model\":\"echo\"}")
                .header("X-Request-Id", "client-error-7").build());

        assertThat(assertValidationError(reply, "input").path("request_id").asString()).isEqualTo("client-error-7");
    }

    @Test
    void givenRequestIdOnUnauthorizedOrUnroutedRequest_error_keepsIt() {
        Api anonymous = app.api().withKey(null);
        Api.Reply unauthorized = anonymous.send(anonymous.request("/v1/executions").header("X-Request-Id", "rid-401")
                .GET().build());
        Api.Reply unrouted = app.api().send(app.api().request("/nowhere").header("X-Request-Id", "rid-404")
                .GET().build());
        Api.Reply tooLarge = app.api().send(app.api().jsonPost(EXECUTE, oversizedBody())
                .header("X-Request-Id", "rid-413").build());

        assertThat(assertError(unauthorized, 401, "unauthorized").path("request_id").asString()).isEqualTo("rid-401");
        assertThat(assertError(unrouted, 404, "not_found").path("request_id").asString()).isEqualTo("rid-404");
        assertThat(assertError(tooLarge, 413, "payload_too_large").path("request_id").asString()).isEqualTo("rid-413");
    }

    @Test
    void givenNoRequestId_error_generatesOne() {
        Api.Reply reply = app.api().get("/v1/nowhere");

        assertThat(assertError(reply, 404, "not_found").path("request_id").asString()).startsWith("req_");
    }

    @Test
    void givenOverlongUtf8ForASlashInTheInput_execute_isInvalidJsonAndNothingRuns() {
        byte[] body = concat("{\"model\":\"echo\",\"input\":\"..".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xC0, (byte) 0xAF}, "etc\"}".getBytes(StandardCharsets.UTF_8));
        long before = app.api().get("/v1/executions?limit=100").json().path("data").size();

        Api.Reply reply = app.api().send(app.api().request(EXECUTE).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());

        assertThat(assertError(reply, 400, "invalid_json").path("message").asString())
                .isEqualTo("Request body is not valid UTF-8: an overlong encoding (0xC0) at byte offset 27");
        assertThat(app.api().get("/v1/executions?limit=100").json().path("data").size()).isEqualTo(before);
    }

    @Test
    void givenNulInTheInput_execute_isValidationErrorOnInput() {
        Api.Reply reply = app.api().post(EXECUTE, "{\"model\":\"echo\",\"input\":\"a\\u0000b\"}");

        assertThat(assertValidationError(reply, "input").path("message").asString())
                .isEqualTo("Field 'input' must not contain the NUL character (\\u0000)");
    }

    @Test
    void givenKeysOfTwoTenantsInOneRequest_execute_isRefusedAsAmbiguous() {
        Operator operator = new Operator(app);
        operator.createTenant("initech", "free");
        String other = operator.issueKey("initech", "execute", "read");

        Api.Reply reply = app.api().send(app.api().jsonPost(EXECUTE, "{\"model\":\"echo\",\"input\":\"hi\"}")
                .header("x-api-key", other).build());

        assertThat(assertError(reply, 400, "validation_error").path("message").asString())
                .isEqualTo("Ambiguous credentials: the request presents more than one API key (in Authorization, "
                        + "x-api-key or api-key); send one");
        assertThat(reply.header("X-RateLimit-Limit")).isEmpty();
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    private static String oversizedBody() {
        return "{\"model\":\"echo\",\"input\":\"" + "x".repeat(MAX_BODY_BYTES + 1_000) + "\"}";
    }
}
