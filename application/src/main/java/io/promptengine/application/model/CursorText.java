package io.promptengine.application.model;

import io.promptengine.domain.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.function.BiFunction;

/**
 * The opaque text of a listing's cursor: a position in an order by time then id, as the executions' and the audit
 * events' pages both use. Only this API's own cursors decode; anything else is a 400 on {@code cursor}.
 */
public final class CursorText {

    private CursorText() {
    }

    public static String encode(Instant at, String id) {
        String raw = at.getEpochSecond() + "." + at.getNano() + "." + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The position {@code cursor} encodes, made into a cursor by {@code cursorAt}. */
    public static <T> T decode(String cursor, BiFunction<Instant, String, T> cursorAt) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\.", 3);
            if (parts.length != 3) {
                throw new IllegalArgumentException("three parts expected");
            }
            return cursorAt.apply(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
                    parts[2]);
        } catch (RuntimeException e) {
            throw new InvalidInputException("cursor", "Field 'cursor' is not a cursor returned by this API");
        }
    }
}
