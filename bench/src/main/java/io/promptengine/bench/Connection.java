package io.promptengine.bench;

import java.io.Closeable;
import java.io.IOException;

/**
 * One client connection (one request in flight at a time). Not thread-safe: each sending thread owns
 * one.
 */
interface Connection extends Closeable {

    /** Status of a 200 whose body did not say {@code "status":"completed"}. */
    int BAD_BODY = 1200;

    /**
     * Sends the request and blocks for the whole response.
     *
     * @return the HTTP status, or {@link #BAD_BODY} for a 200 that failed the body check
     * @throws IOException on a connection failure or timeout; the connection reconnects on next use
     */
    int exchange() throws IOException;

    @Override
    void close();

    /** Does {@code body[0..len)} contain {@code "status" : "completed"} (any JSON whitespace)? */
    static boolean saysCompleted(byte[] body, int len) {
        final byte[] key = {'"', 's', 't', 'a', 't', 'u', 's', '"'};
        final byte[] val = {'"', 'c', 'o', 'm', 'p', 'l', 'e', 't', 'e', 'd', '"'};
        outer:
        for (int i = 0; i + key.length <= len; i++) {
            for (int k = 0; k < key.length; k++) {
                if (body[i + k] != key[k]) {
                    continue outer;
                }
            }
            int j = skipWs(body, i + key.length, len);
            if (j >= len || body[j] != ':') {
                continue;
            }
            j = skipWs(body, j + 1, len);
            if (j + val.length > len) {
                return false;
            }
            boolean match = true;
            for (int k = 0; k < val.length; k++) {
                if (body[j + k] != val[k]) {
                    match = false;
                    break;
                }
            }
            if (match) {
                return true;
            }
        }
        return false;
    }

    private static int skipWs(byte[] b, int i, int len) {
        while (i < len && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
            i++;
        }
        return i;
    }
}
