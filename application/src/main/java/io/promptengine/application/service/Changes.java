package io.promptengine.application.service;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * The before/after summary of an audit event, built field by field: a field is recorded only when its value
 * changed, on the side or sides where it has one. Values are plain text; a secret never belongs here.
 */
final class Changes {

    static final String NONE = "none";

    private final Map<String, String> before = new LinkedHashMap<>();
    private final Map<String, String> after = new LinkedHashMap<>();

    /** A field of a new target: recorded after only. */
    Changes created(String field, String value) {
        after.put(field, value);
        return this;
    }

    /** A field of a deleted target: recorded before only. */
    Changes deleted(String field, String value) {
        before.put(field, value);
        return this;
    }

    /** A field that names the target and did not change, such as the prompt of a version: recorded on both sides. */
    Changes identifying(String field, String value) {
        before.put(field, value);
        after.put(field, value);
        return this;
    }

    /** A field of a changed target: recorded on both sides when the value differs, not at all otherwise. */
    Changes changed(String field, String was, String is) {
        if (!Objects.equals(was, is)) {
            before.put(field, was);
            after.put(field, is);
        }
        return this;
    }

    Map<String, String> before() {
        return before;
    }

    Map<String, String> after() {
        return after;
    }

    static String text(Optional<?> value) {
        return value.map(String::valueOf).orElse(NONE);
    }

    static String text(OptionalInt value) {
        return value.isPresent() ? String.valueOf(value.getAsInt()) : NONE;
    }

    static String text(OptionalLong value) {
        return value.isPresent() ? String.valueOf(value.getAsLong()) : NONE;
    }

    static String text(Collection<?> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
