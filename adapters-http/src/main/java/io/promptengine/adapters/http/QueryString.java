package io.promptengine.adapters.http;

import io.javalin.http.Context;
import io.promptengine.domain.error.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The query string, decoded strictly ({@code application/x-www-form-urlencoded}: {@code &}-separated
 * {@code name=value} pairs, {@code +} for a space, {@code %XX} for a byte, the bytes UTF-8). Javalin's own
 * {@code queryParamMap} turns a value it cannot decode into no value at all, so {@code cursor=%%zz} used to be
 * refused as a parameter "given" zero times; here a malformed percent-encoding, bytes that are not UTF-8 and a
 * NUL are each a 400 that says the query string is malformed, and where.
 */
final class QueryString {

    private QueryString() {
    }

    /** The request's parameters by name, each with its values in order; empty {@code &&} segments are skipped. */
    static Map<String, List<String>> parameters(Context ctx) {
        return parse(ctx.queryString());
    }

    static Map<String, List<String>> parse(String raw) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        int start = 0;
        while (start <= raw.length()) {
            int end = raw.indexOf('&', start);
            if (end < 0) {
                end = raw.length();
            }
            if (end > start) {
                int equals = raw.indexOf('=', start);
                int nameEnd = equals >= 0 && equals < end ? equals : end;
                String name = decode(raw, start, nameEnd);
                String value = nameEnd < end ? decode(raw, nameEnd + 1, end) : "";
                parameters.computeIfAbsent(name, unused -> new ArrayList<>(1)).add(value);
            }
            start = end + 1;
        }
        return parameters;
    }

    /** {@code raw[from, to)} decoded; offsets in messages count characters of the query string from 0. */
    private static String decode(String raw, int from, int to) {
        String part = raw.substring(from, to);
        String decoded = part.indexOf('%') < 0 ? part.replace('+', ' ') : percentDecoded(raw, from, to);
        if (decoded.indexOf('\u0000') >= 0) {
            throw malformed("'" + part + "' at offset " + from + " holds the NUL character (%00)");
        }
        return decoded;
    }

    private static String percentDecoded(String raw, int from, int to) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
        int i = from;
        while (i < to) {
            char c = raw.charAt(i);
            if (c == '%') {
                int high = i + 1 < to ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int low = i + 2 < to ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (high < 0 || low < 0) {
                    throw malformed("'" + raw.substring(i, Math.min(to, i + 3)) + "' at offset " + i
                            + " is not a percent-encoded byte (%XX, two hex digits)");
                }
                bytes.write(high << 4 | low);
                i += 3;
            } else if (c < 0x80) {
                bytes.write(c == '+' ? ' ' : c);
                i++;
            } else {
                // a character sent unencoded stands for its own UTF-8 bytes
                int codePoint = raw.codePointAt(i);
                bytes.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint);
            }
        }
        byte[] decoded = bytes.toByteArray();
        Optional<Utf8.Problem> problem = Utf8.firstProblem(decoded);
        if (problem.isPresent()) {
            throw malformed("'" + raw.substring(from, to) + "' at offset " + from + " does not decode to UTF-8: "
                    + problem.get().what());
        }
        return new String(decoded, StandardCharsets.UTF_8);
    }

    private static InvalidInputException malformed(String why) {
        return new InvalidInputException("The query string is malformed: " + why);
    }
}
