package io.promptengine.domain.error;

/** Every way a request can end other than success; the wire code is the envelope's {@code error.code}. */
public enum ErrorKind {
    VALIDATION("validation_error"),
    UNAUTHORIZED("unauthorized"),
    FORBIDDEN("forbidden"),
    NOT_FOUND("not_found"),
    CONFLICT("conflict"),
    IDEMPOTENCY_MISMATCH("idempotency_mismatch"),
    RATE_LIMITED("rate_limited"),
    QUOTA_EXCEEDED("quota_exceeded"),
    UPSTREAM("upstream_error"),
    OUTPUT_VALIDATION_FAILED("output_validation_failed"),
    UNAVAILABLE("unavailable"),
    TIMEOUT("timeout");

    private final String code;

    ErrorKind(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
