package io.promptengine.domain.webhook;

import java.util.Objects;

/** Public identifier of a webhook endpoint: {@code wh_} followed by letters and digits. */
public record WebhookId(String value) {

    public static final String PREFIX = "wh_";

    public WebhookId {
        Objects.requireNonNull(value, "value");
        if (!isWellFormed(value)) {
            throw new IllegalArgumentException("not a webhook id: " + value);
        }
    }

    /** Whether {@code value} can be a webhook id at all; lets callers answer 404 without a lookup. */
    public static boolean isWellFormed(String value) {
        return value != null && value.length() > PREFIX.length() && value.length() <= 64 && value.startsWith(PREFIX)
                && value.substring(PREFIX.length()).chars().allMatch(c -> (c >= 'a' && c <= 'z')
                        || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
    }

    @Override
    public String toString() {
        return value;
    }
}
