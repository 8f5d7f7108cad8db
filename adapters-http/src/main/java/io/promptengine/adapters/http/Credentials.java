package io.promptengine.adapters.http;

import io.javalin.http.Context;
import io.promptengine.application.port.in.AuthenticateUseCase;
import io.promptengine.application.port.in.Caller;
import io.promptengine.domain.error.AuthenticationException;

/**
 * Finds the API key a request presents and turns it into a {@link Caller}. Accepted, in this order:
 * {@code Authorization: Bearer <key>}, {@code x-api-key: <key>}, {@code api-key: <key>}.
 */
final class Credentials {

    private static final String BEARER = "Bearer";

    private final AuthenticateUseCase authenticate;

    Credentials(AuthenticateUseCase authenticate) {
        this.authenticate = authenticate;
    }

    Caller caller(Context ctx) {
        return authenticate.authenticate(presentedKey(ctx));
    }

    /** The presented secret, or {@code null} when the request carries none (the use case answers 401). */
    static String presentedKey(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization != null) {
            String value = authorization.strip();
            boolean bearer = value.regionMatches(true, 0, BEARER, 0, BEARER.length())
                    && (value.length() == BEARER.length() || value.charAt(BEARER.length()) == ' ');
            if (!bearer) {
                throw new AuthenticationException(
                        "Unsupported authorization scheme: send 'Authorization: Bearer <key>'");
            }
            return value.substring(BEARER.length()).strip();
        }
        String key = ctx.header("x-api-key");
        if (key == null) {
            key = ctx.header("api-key");
        }
        return key == null ? null : key.strip();
    }
}
