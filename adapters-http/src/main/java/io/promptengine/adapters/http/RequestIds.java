package io.promptengine.adapters.http;

import io.javalin.http.Context;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Every response carries {@code X-Request-Id}. A client's own id is kept when it is safe to echo and to log
 * (visible ASCII, at most 128 characters); otherwise a fresh {@code req_…} id replaces it.
 */
final class RequestIds {

    static final String HEADER = "X-Request-Id";
    static final int MAX_LENGTH = 128;

    private static final String ATTRIBUTE = "promptengine.requestId";
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int RANDOM_CHARS = 24;

    private RequestIds() {
    }

    /** The before-handler of every request: decides the id and puts it on the response at once. */
    static void assign(Context ctx) {
        String incoming = ctx.header(HEADER);
        String id = isSane(incoming) ? incoming : generate();
        ctx.attribute(ATTRIBUTE, id);
        ctx.header(HEADER, id);
    }

    /** The id {@link #assign} chose for this request. */
    static String of(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        if (id == null) {
            assign(ctx);
            id = ctx.attribute(ATTRIBUTE);
        }
        return id;
    }

    static boolean isSane(String id) {
        return isVisibleAscii(id, MAX_LENGTH);
    }

    /** One to {@code maxLength} characters, each visible ASCII: safe in a header, a log line and a database. */
    static boolean isVisibleAscii(String value, int maxLength) {
        if (value == null || value.isEmpty() || value.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = new char[4 + RANDOM_CHARS];
        id[0] = 'r';
        id[1] = 'e';
        id[2] = 'q';
        id[3] = '_';
        for (int i = 4; i < id.length; i++) {
            id[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(id);
    }
}
