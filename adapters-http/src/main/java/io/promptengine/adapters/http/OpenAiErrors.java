package io.promptengine.adapters.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The error shape of the OpenAI-compatible routes, {@code {"error": {"message", "type", "param", "code"}}}, which
 * the OpenAI SDKs read to raise their own exception types (chosen by the status: 400 {@code BadRequest}, 401
 * {@code Unauthorized}, 429 {@code RateLimit} and so on). Every failure on those routes — a route's refusal, a body
 * that is not JSON or too large, a bad key, a failure after a stream began, Jetty's own refusals — leaves in this
 * shape; every other route keeps the native envelope. {@link ErrorMapping} decides by the request's path.
 */
final class OpenAiErrors {

    private OpenAiErrors() {
    }

    /** Whether {@code path} (a request path, under any base path) is one of the OpenAI-compatible routes. */
    static boolean applies(String path) {
        return path != null && (path.endsWith(OpenAiRoutes.CHAT_COMPLETIONS) || path.endsWith(OpenAiRoutes.MODELS));
    }

    /**
     * The body for a failure answered with {@code status} and our envelope {@code code}; {@code field} becomes
     * {@code param}. The request id stays in {@code X-Request-Id}: OpenAI's shape has no place for it.
     */
    static Map<String, Object> body(int status, String code, String message, String field) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", type(status, code));
        error.put("param", field);
        error.put("code", openAiCode(status, code));
        return Map.of("error", error);
    }

    /** OpenAI's {@code type}: what kind of failure, as its SDKs and clients expect it. */
    private static String type(int status, String code) {
        if ("quota_exceeded".equals(code)) {
            return "insufficient_quota";
        }
        return switch (status) {
            case 401 -> "invalid_request_error";
            case 403 -> "permission_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }

    /** OpenAI's {@code code} where it has a well-known one; our own code otherwise, so nothing is lost. */
    private static String openAiCode(int status, String code) {
        if (status == 401) {
            return "invalid_api_key";
        }
        return switch (code) {
            case "rate_limited" -> "rate_limit_exceeded";
            case "quota_exceeded" -> "insufficient_quota";
            default -> code;
        };
    }
}
