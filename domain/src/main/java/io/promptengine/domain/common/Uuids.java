package io.promptengine.domain.common;

import java.util.UUID;

/** Ids that are UUIDs in their canonical lowercase form, as the public API shows them. */
public final class Uuids {

    private Uuids() {
    }

    /** Whether {@code value} is a UUID written canonically; lets callers answer 404 without a lookup. */
    public static boolean isCanonical(String value) {
        if (value == null || value.length() != 36) {
            return false;
        }
        try {
            return UUID.fromString(value).toString().equals(value);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
