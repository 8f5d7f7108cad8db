package io.promptengine.adapters.http.console;

import io.javalin.http.Context;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ObjectNode;

/**
 * A form's text as the API's JSON would carry it, so that the API's readers judge it with the API's messages: a
 * number typed as a number becomes one (anything else stays text, which the reader refuses naming the field), a
 * date becomes the instant of its UTC midnight, and an empty field is left out as an omitted one would be.
 */
final class FormValues {

    /** The longest text a console form field takes; the readers and the core have their own, tighter limits. */
    static final int MAX_FIELD = 10_000;
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

    private FormValues() {
    }

    /** The field's text, stripped; empty when absent. Longer than {@link #MAX_FIELD} is cut, for the reader to see. */
    static String text(Context ctx, String field) {
        String value = ctx.formParam(field);
        if (value == null) {
            return "";
        }
        String stripped = value.strip();
        return stripped.length() > MAX_FIELD ? stripped.substring(0, MAX_FIELD) : stripped;
    }

    static void putInteger(ObjectNode body, String field, String text) {
        if (text.isEmpty()) {
            return;
        }
        if (INTEGER.matcher(text).matches()) {
            body.put(field, Long.parseLong(text));
        } else {
            body.put(field, text);
        }
    }

    /** A date ({@code 2025-06-30}) as the instant its UTC day begins; other text as it is, for the reader to refuse. */
    static void putDateTime(ObjectNode body, String field, String text) {
        if (text.isEmpty()) {
            return;
        }
        body.put(field, DATE.matcher(text).matches() ? text + "T00:00:00Z" : text);
    }
}
