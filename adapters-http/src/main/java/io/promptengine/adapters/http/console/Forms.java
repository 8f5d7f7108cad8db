package io.promptengine.adapters.http.console;

import io.javalin.http.Context;

/** Reading a posted form: a field that was not sent is empty, as an empty input is. */
final class Forms {

    private Forms() {
    }

    static String text(Context ctx, String field) {
        String value = ctx.formParam(field);
        return value == null ? "" : value.replace("\r\n", "\n");
    }

    static boolean checked(Context ctx, String field) {
        return ctx.formParam(field) != null;
    }
}
