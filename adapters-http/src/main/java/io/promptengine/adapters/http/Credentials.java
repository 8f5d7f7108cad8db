package io.promptengine.adapters.http;

import io.javalin.http.Context;
import io.promptengine.application.port.in.AuthenticateUseCase;
import io.promptengine.application.port.in.Caller;
import io.promptengine.domain.error.AuthenticationException;
import io.promptengine.domain.error.InvalidInputException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

/**
 * Finds the API key a request presents and turns it into a {@link Caller}. Accepted: {@code Authorization: Bearer
 * <key>}, {@code x-api-key: <key>}, {@code api-key: <key>}. A request that presents different keys, in two of these
 * headers or in one header sent twice, is refused as ambiguous (400, as RFC 6750 answers a token sent by more than
 * one method): serving it with either key would let a proxy's header and a client's disagree silently about who is
 * calling. The same key presented more than once is one credential and is accepted, since some clients and proxies
 * send it both as {@code Authorization} and as {@code api-key}.
 */
final class Credentials {

    private static final String BEARER = "Bearer";
    private static final List<String> KEY_HEADERS = List.of("x-api-key", "api-key");

    private final AuthenticateUseCase authenticate;

    Credentials(AuthenticateUseCase authenticate) {
        this.authenticate = authenticate;
    }

    Caller caller(Context ctx) {
        Caller caller = authenticate.authenticate(presentedKey(ctx)).inRequest(RequestIds.of(ctx));
        RequestLogContext.authenticated(caller.tenantId());
        return caller;
    }

    /** The presented secret, or {@code null} when the request carries none (the use case answers 401). */
    static String presentedKey(Context ctx) {
        String key = null;
        for (String authorization : values(ctx, "Authorization")) {
            key = same(key, bearerToken(authorization));
        }
        for (String header : KEY_HEADERS) {
            for (String value : values(ctx, header)) {
                key = same(key, value.strip());
            }
        }
        return key;
    }

    private static String bearerToken(String authorization) {
        String value = authorization.strip();
        boolean bearer = value.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && (value.length() == BEARER.length() || value.charAt(BEARER.length()) == ' ');
        if (!bearer) {
            throw new AuthenticationException("Unsupported authorization scheme: send 'Authorization: Bearer <key>'");
        }
        return value.substring(BEARER.length()).strip();
    }

    /** {@code next}, unless a different key was presented before it. */
    private static String same(String before, String next) {
        if (before != null && !before.equals(next)) {
            throw new InvalidInputException("Ambiguous credentials: the request presents more than one API key "
                    + "(in Authorization, x-api-key or api-key); send one");
        }
        return next;
    }

    /** Every value of header {@code name}, each line of it once; usually none or one. */
    private static List<String> values(Context ctx, String name) {
        Enumeration<String> values = ctx.req().getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return List.of();
        }
        String first = values.nextElement();
        if (!values.hasMoreElements()) {
            return List.of(first);
        }
        List<String> all = new ArrayList<>();
        all.add(first);
        values.asIterator().forEachRemaining(all::add);
        return all;
    }
}
