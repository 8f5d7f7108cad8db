package io.promptengine.adapters.http;

/** {@code {"error": {"code", "message", "field"?, "request_id"}}}: the one shape of every error response. */
record ErrorEnvelope(Detail error) {

    static ErrorEnvelope of(String code, String message, String field, String requestId) {
        return new ErrorEnvelope(new Detail(code, message, field, requestId));
    }

    record Detail(String code, String message, String field, String requestId) {
    }
}
