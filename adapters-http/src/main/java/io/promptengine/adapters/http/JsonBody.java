package io.promptengine.adapters.http;

import io.javalin.http.Context;
import io.promptengine.domain.error.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Reads request bodies as untrusted input: the media type must be JSON, the size is bounded whether or not the
 * client declared a length (never more than limit + 1 bytes are buffered), the bytes must be strict UTF-8
 * ({@link Utf8}), the document must parse within {@link Json}'s limits, and its strings must be text
 * ({@link JsonStrings}).
 */
final class JsonBody {

    /** How far past the limit a body is still read to its end and discarded, so that the 413 arrives cleanly. */
    private static final long DRAIN_FACTOR = 4;

    private final Json json;
    private final long limit;

    JsonBody(Json json, long limit) {
        this.json = json;
        this.limit = limit;
    }

    /** The body of a request that must carry one JSON object. */
    JsonNode readObject(Context ctx) throws IOException {
        if (!hasBody(ctx)) {
            throw new InvalidInputException("Request body must be a JSON object");
        }
        requireJsonMediaType(ctx);
        return object(ctx);
    }

    /**
     * The JSON object a tenant endpoint call sends. Its public examples send it with curl's {@code -d}, which
     * labels it {@code application/x-www-form-urlencoded}, or with no type at all; both are read as JSON. Any other
     * type that is not JSON is refused.
     */
    JsonNode readEndpointInput(Context ctx) throws IOException {
        if (!hasBody(ctx)) {
            throw new InvalidInputException("Request body must be a JSON object");
        }
        String contentType = ctx.header("Content-Type");
        if (contentType != null && !isJson(contentType) && !isCurlDefault(contentType)) {
            throw HttpError.unsupportedMediaType("Content-Type must be 'application/json'");
        }
        return object(ctx);
    }

    private JsonNode object(Context ctx) throws IOException {
        byte[] raw = readBounded(ctx);
        Utf8.firstProblem(raw).ifPresent(problem -> {
            throw HttpError.invalidJson("Request body is not valid UTF-8: " + problem.what() + " at byte offset "
                    + problem.offset());
        });
        JsonNode document = json.read(raw);
        if (!document.isObject()) {
            throw new InvalidInputException("Request body must be a JSON object");
        }
        JsonStrings.requireText(raw, document);
        return document;
    }

    /** For a route that ignores its body: none is fine, but one that is there must still say it is JSON. */
    void requireJsonIfPresent(Context ctx) {
        if (hasBody(ctx)) {
            requireJsonMediaType(ctx);
        }
    }

    private static boolean hasBody(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        return declared > 0 || (declared < 0 && ctx.header("Transfer-Encoding") != null);
    }

    private static void requireJsonMediaType(Context ctx) {
        String contentType = ctx.header("Content-Type");
        if (contentType == null || !isJson(contentType)) {
            throw HttpError.unsupportedMediaType("Content-Type must be 'application/json'");
        }
    }

    /** {@code application/json}, with no parameter or with a UTF-8 charset (RFC 8259 allows no other). */
    static boolean isJson(String contentType) {
        String[] parts = contentType.split(";");
        if (!parts[0].strip().equalsIgnoreCase(Json.CONTENT_TYPE)) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            int equals = parameter.indexOf('=');
            if (equals < 0) {
                return parameter.isEmpty();
            }
            String name = parameter.substring(0, equals).strip().toLowerCase(Locale.ROOT);
            String value = parameter.substring(equals + 1).strip().replace("\"", "");
            if (name.equals("charset") && !value.equalsIgnoreCase("utf-8")) {
                return false;
            }
        }
        return true;
    }

    private static boolean isCurlDefault(String contentType) {
        return contentType.split(";")[0].strip().equalsIgnoreCase("application/x-www-form-urlencoded");
    }

    /** A client that hangs up mid-body surfaces as Jetty's {@code EofException}, which Javalin logs at debug. */
    private byte[] readBounded(Context ctx) throws IOException {
        InputStream in = ctx.req().getInputStream();
        if (ctx.req().getContentLengthLong() > limit) {
            throw tooLarge(ctx, in);
        }
        byte[] body = in.readNBytes((int) limit + 1);
        if (body.length > limit) {
            throw tooLarge(ctx, in);
        }
        return body;
    }

    /**
     * Called before an error answer, which may come before the route read the body (a 401, a 429). Jetty closes a
     * connection whose request body was left unread once the response is sent, and a client that already reused
     * that kept-alive connection for its next request sees it die with no answer. So the rest of the body is read
     * and discarded, within the same bound as {@link #tooLarge}; past it, or when the client waits for
     * {@code 100 Continue} before sending, the answer says {@code Connection: close} so the client does not reuse
     * the connection.
     */
    void discardUnread(Context ctx) {
        if (!hasBody(ctx) || "close".equalsIgnoreCase(ctx.res().getHeader("Connection"))) {
            return;
        }
        String expect = ctx.header("Expect");
        boolean drained = false;
        if (expect == null || !expect.equalsIgnoreCase("100-continue")) {
            try {
                long declared = ctx.req().getContentLengthLong();
                drained = declared <= limit * DRAIN_FACTOR && drain(ctx.req().getInputStream(), limit * DRAIN_FACTOR);
            } catch (IOException | IllegalStateException e) {
                drained = false;
            }
        }
        if (!drained) {
            ctx.header("Connection", "close");
        }
    }

    /**
     * Closing a connection with unread request bytes makes TCP reset it, and the client may lose the 413 with it.
     * So a moderately oversized body is read to its end and thrown away (never kept); past that, the connection
     * is closed after the answer and the client takes its chances.
     */
    private HttpError tooLarge(Context ctx, InputStream in) throws IOException {
        long drainLimit = limit * DRAIN_FACTOR;
        long declared = ctx.req().getContentLengthLong();
        boolean drained = declared <= drainLimit && drain(in, drainLimit);
        if (!drained) {
            ctx.header("Connection", "close");
        }
        return HttpError.payloadTooLarge(limit);
    }

    /** Reads and discards up to {@code max} bytes; whether the body ended within them. */
    private static boolean drain(InputStream in, long max) throws IOException {
        byte[] sink = new byte[8192];
        long total = 0;
        int read;
        while ((read = in.read(sink)) >= 0) {
            total += read;
            if (total > max) {
                return false;
            }
        }
        return true;
    }
}
