package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;

/** The checks every error answer must pass, whatever went wrong. */
final class ErrorEnvelopeAssert {

    private ErrorEnvelopeAssert() {
    }

    /**
     * Asserts the status, the envelope's code, a message, and a {@code request_id} equal to the response's
     * {@code X-Request-Id}; returns the {@code error} object for further checks.
     */
    static JsonNode assertError(Api.Reply reply, int status, String code) {
        assertThat(reply.status()).as("status of %s", reply.body()).isEqualTo(status);
        JsonNode error = reply.json().path("error");
        assertThat(error.path("code").asString()).as("error code").isEqualTo(code);
        assertThat(error.path("message").asString()).as("error message").isNotBlank();
        assertThat(error.path("request_id").asString()).as("request_id").isEqualTo(reply.requestId());
        return error;
    }

    /** {@link #assertError} for a 400 {@code validation_error} that names {@code field}. */
    static JsonNode assertValidationError(Api.Reply reply, String field) {
        JsonNode error = assertError(reply, 400, "validation_error");
        assertThat(error.path("field").asString()).as("error field").isEqualTo(field);
        return error;
    }
}
