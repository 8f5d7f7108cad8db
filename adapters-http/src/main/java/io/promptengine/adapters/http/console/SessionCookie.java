package io.promptengine.adapters.http.console;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;

/**
 * The cookie that carries the session token: HttpOnly (no script reads it), SameSite=Strict (no other site's page
 * sends it), scoped to {@code /console}, Secure when the request came over TLS (directly, or through a proxy that
 * says so in {@code X-Forwarded-Proto}). It ends with the browser; the server ends the session itself earlier.
 */
final class SessionCookie {

    static final String NAME = "pe_console_session";
    private static final String PATH = "/console";

    private SessionCookie() {
    }

    static String read(Context ctx) {
        return ctx.cookie(NAME);
    }

    static void set(Context ctx, String token) {
        ctx.cookie(new Cookie(NAME, token, PATH, -1, overTls(ctx), true, null, SameSite.STRICT));
    }

    static void clear(Context ctx) {
        ctx.cookie(new Cookie(NAME, "", PATH, 0, overTls(ctx), true, null, SameSite.STRICT));
    }

    /** Whether the request came over TLS: to us directly, or to a proxy that says so in X-Forwarded-Proto. */
    static boolean overTls(Context ctx) {
        return "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }
}
