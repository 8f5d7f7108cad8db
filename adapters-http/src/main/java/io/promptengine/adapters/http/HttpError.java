package io.promptengine.adapters.http;

/**
 * A refusal that belongs to HTTP rather than to the core: the body is not JSON, too large, of the wrong media
 * type. Field-level input errors use the core's {@code InvalidInputException} instead, so that one mapping serves
 * both. No stack trace: these are answers, not bugs.
 */
final class HttpError extends RuntimeException {

    private final int status;
    private final String code;

    private HttpError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static HttpError invalidJson(String message) {
        return new HttpError(400, "invalid_json", message);
    }

    static HttpError payloadTooLarge(long limit) {
        return new HttpError(413, "payload_too_large", "Request body exceeds the limit of " + limit + " bytes");
    }

    static HttpError unsupportedMediaType(String message) {
        return new HttpError(415, "unsupported_media_type", message);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
