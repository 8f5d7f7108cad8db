package io.promptengine.adapters.http;

import io.promptengine.domain.error.InvalidInputException;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The text policy of request bodies: no string, field value or field name, may hold an unpaired UTF-16 surrogate
 * (the escape backslash-u-d800 alone) or the NUL character (backslash-u-0000). Neither is text: a lone surrogate
 * cannot be written as UTF-8 (a model call or a stored row would carry a {@code ?} in its place), and NUL is refused
 * by PostgreSQL's text types and cuts strings short in C-based tools downstream. Valid UTF-8 bytes never decode to
 * either, so both can only arrive as backslash-u escapes, and a body with none is not walked at all.
 */
final class JsonStrings {

    private JsonStrings() {
    }

    /** Refuses the first string of {@code document} (parsed from {@code raw}) that breaks the policy, naming it. */
    static void requireText(byte[] raw, JsonNode document) {
        if (hasUnicodeEscape(raw)) {
            check(document, "");
        }
    }

    private static boolean hasUnicodeEscape(byte[] raw) {
        for (int i = 0; i + 1 < raw.length; i++) {
            if (raw[i] == '\\' && raw[i + 1] == 'u') {
                return true;
            }
        }
        return false;
    }

    /** Depth is bounded by {@link Json#MAX_NESTING_DEPTH}, so the recursion is too. */
    private static void check(JsonNode node, String path) {
        if (node.isString()) {
            flaw(node.stringValue()).ifPresent(flaw -> {
                throw new InvalidInputException(path, "Field '" + path + "' must not contain " + flaw);
            });
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                String name = property.getKey();
                String at = path.isEmpty() ? printable(name) : path + "." + printable(name);
                flaw(name).ifPresent(flaw -> {
                    throw new InvalidInputException(at, "Field name '" + at + "' must not contain " + flaw);
                });
                check(property.getValue(), at);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), path + "[" + i + "]");
            }
        }
    }

    /** What in {@code text} the policy refuses, described with its escape. */
    private static Optional<String> flaw(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return Optional.of("the NUL character (\\u0000)");
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return Optional.of(unpaired(c));
            }
            if (Character.isLowSurrogate(c)) {
                return Optional.of(unpaired(c));
            }
        }
        return Optional.empty();
    }

    private static String unpaired(char surrogate) {
        return String.format("an unpaired UTF-16 surrogate (\\u%04x)", (int) surrogate);
    }

    /** A field name as it can be shown in a message: what is not text written as its escape. */
    private static String printable(String name) {
        if (flaw(name).isEmpty() && name.chars().noneMatch(Character::isISOControl)) {
            return name;
        }
        StringBuilder shown = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < name.length()
                    && Character.isLowSurrogate(name.charAt(i + 1));
            if (pair) {
                shown.append(c).append(name.charAt(++i));
            } else if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                shown.append(String.format("\\u%04x", (int) c));
            } else {
                shown.append(c);
            }
        }
        return shown.toString();
    }
}
