package io.promptengine.domain.prompt;

import java.util.Locale;

/** A prompt version is written as a draft, published to live, and archived when a newer version goes live. */
public enum VersionStatus {
    DRAFT, LIVE, ARCHIVED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static VersionStatus fromWire(String value) {
        for (VersionStatus status : values()) {
            if (status.wireName().equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown version status: " + value);
    }
}
