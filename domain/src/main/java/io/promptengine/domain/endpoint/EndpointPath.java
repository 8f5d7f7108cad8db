package io.promptengine.domain.endpoint;

import io.promptengine.domain.error.InvalidInputException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a tenant's endpoint is called, such as {@code /api/v1/summarize}: slash-separated segments of URL-safe
 * characters, never inside the paths Prompt Engine itself serves.
 */
public record EndpointPath(String value) {

    public static final int MAX_LENGTH = 200;
    private static final List<String> RESERVED = List.of("/v1", "/health", "/openapi.json", "/metrics");

    public EndpointPath {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty() || value.charAt(0) != '/' || value.length() < 2 || value.length() > MAX_LENGTH
                || value.endsWith("/") || value.contains("//") || !safe(value)) {
            throw new InvalidInputException("path", "Field 'path' must look like '/api/v1/summarize': up to "
                    + MAX_LENGTH + " characters of letters, digits, '-', '_', '.' and '~' in '/'-separated segments");
        }
        reservedPrefix(value).ifPresent(reserved -> {
            throw new InvalidInputException("path", "Field 'path' must not be under '" + reserved
                    + "', which Prompt Engine serves itself");
        });
    }

    /** Whether {@code path} is one Prompt Engine serves itself ({@code /v1/…}, {@code /health/…}…), never a tenant's. */
    public static boolean isReserved(String path) {
        return reservedPrefix(path).isPresent();
    }

    private static Optional<String> reservedPrefix(String path) {
        for (String reserved : RESERVED) {
            if (path.equals(reserved) || path.startsWith(reserved + "/")) {
                return Optional.of(reserved);
            }
        }
        return Optional.empty();
    }

    private static boolean safe(String value) {
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_' || c == '.' || c == '~' || c == '/';
            if (!ok) {
                return false;
            }
        }
        return !value.contains("/./") && !value.contains("/../") && !value.endsWith("/.") && !value.endsWith("/..");
    }

    @Override
    public String toString() {
        return value;
    }
}
