package io.promptengine.adapters.http.console;

import io.javalin.http.Context;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reading a posted form: a field that was not sent is empty, as an empty input is. A field's text goes into the API's
 * JSON body as the API would carry it, so that the API's readers judge it with the API's messages: a number typed as
 * a number becomes one (anything else stays text, which the reader refuses naming the field), a date becomes the
 * instant of its UTC midnight, and an empty field is left out as an omitted one would be.
 */
final class Forms {

    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

    private Forms() {
    }

    static String text(Context ctx, String field) {
        String value = ctx.formParam(field);
        return value == null ? "" : value.replace("\r\n", "\n");
    }

    static boolean checked(Context ctx, String field) {
        return ctx.formParam(field) != null;
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
