package io.promptengine.adapters.http;

import io.javalin.http.Context;
import io.promptengine.domain.error.InvalidInputException;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.util.Optional;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Reads request bodies as untrusted input: the media type must be JSON, the size is bounded whether or not the
 * client declared a length (never more than limit + 1 bytes are buffered), the bytes must be strict UTF-8
 * ({@link Utf8}), the document must parse within {@link Json}'s limits, and its strings must be text
 * ({@link JsonStrings}).
 */
final class JsonBody {

    /** How much of a body is read and discarded before an early answer, at most, as a multiple of the limit. */
    private static final long DRAIN_FACTOR = 4;

    /**
     * How long an early answer waits for the rest of a body that is still on its way. Closing a connection with
     * bytes unread makes the kernel reset it, and a reset can destroy the answer before the client reads it; so a
     * body of bounded size that is arriving is taken in for this long, and a client that trickles it gets its
     * answer after this time at the latest.
     */
    private static final long LINGER_NANOS = 1_000_000_000L;

    private static final long LINGER_POLL_MILLIS = 2;

    /** Set once the route has read the body to its end, so an error answer after it has nothing left to discard. */
    private static final String READ_WHOLE = "promptengine.bodyReadWhole";

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

    /** The body of a request that may carry one JSON object, or nothing. */
    Optional<JsonNode> readOptionalObject(Context ctx) throws IOException {
        if (!hasBody(ctx)) {
            return Optional.empty();
        }
        requireJsonMediaType(ctx);
        return Optional.of(object(ctx));
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

    /**
     * A client that hangs up mid-body surfaces as Jetty's {@code EofException}, which Javalin logs at debug. A body
     * over the limit is refused as soon as that is known; the error answer discards what arrived of the rest. A body
     * of declared length is read into an array of that length (the servlet container ends the stream there);
     * one without is read in chunks up to one byte past the limit.
     */
    private byte[] readBounded(Context ctx) throws IOException {
        InputStream in = ctx.req().getInputStream();
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) {
            throw HttpError.payloadTooLarge(limit);
        }
        if (declared >= 0) {
            byte[] body = new byte[(int) declared];
            int read = in.readNBytes(body, 0, body.length);
            ctx.attribute(READ_WHOLE, Boolean.TRUE);
            return read == body.length ? body : Arrays.copyOf(body, read);
        }
        byte[] body = in.readNBytes((int) limit + 1);
        if (body.length > limit) {
            throw HttpError.payloadTooLarge(limit);
        }
        ctx.attribute(READ_WHOLE, Boolean.TRUE);
        return body;
    }

    /**
     * Called before an error answer, which may come before the route read the body (a 401, a 413, a 429). The body
     * is read and discarded, so a client that sent it whole keeps its kept-alive connection for the next request,
     * and one still sending it is not reset mid-body. That wait is bounded twice: by {@link #LINGER_NANOS} and by
     * {@link #DRAIN_FACTOR} times the limit, so a client that trickles a body, or declares one far too large, cannot
     * hold a thread for as long as it likes. Past either bound the answer goes out with {@code Connection: close},
     * the client knows not to reuse the connection, and Jetty closes it.
     */
    void discardUnread(Context ctx) {
        if (!hasBody(ctx) || "close".equalsIgnoreCase(ctx.res().getHeader("Connection"))) {
            return;
        }
        if (!discardArrived(ctx)) {
            ctx.header("Connection", "close");
        }
    }

    /**
     * Reads and discards the body as it arrives, within the bounds above; whether that was all of it. A client
     * waiting for {@code 100 Continue} has sent nothing, and reading would invite it to send.
     */
    private boolean discardArrived(Context ctx) {
        if (Boolean.TRUE.equals(ctx.attribute(READ_WHOLE))) {
            return true;
        }
        String expect = ctx.header("Expect");
        if (expect != null && expect.equalsIgnoreCase("100-continue")) {
            return false;
        }
        try {
            ServletInputStream in = ctx.req().getInputStream();
            long declared = ctx.req().getContentLengthLong();
            long cap = limit * DRAIN_FACTOR;
            if (declared > cap) {
                return false;
            }
            byte[] sink = new byte[8192];
            long total = 0;
            long deadline = System.nanoTime() + LINGER_NANOS;
            while (true) {
                int available = in.available();
                // Jetty may not have taken in the end of a body of known length yet, so the count decides it
                if (in.isFinished() || (declared >= 0 && total >= declared)) {
                    return true;
                }
                if (total > cap || System.nanoTime() - deadline > 0) {
                    return false;
                }
                if (available <= 0) {
                    Thread.sleep(LINGER_POLL_MILLIS);
                    continue;
                }
                int read = in.read(sink, 0, Math.min(available, sink.length));
                if (read < 0) {
                    return true;
                }
                total += read;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }

}
