package io.promptengine.adapters.webhooks.jetty;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;

/**
 * Reads a receiver's answer within bounds: keeps its first {@code keptBytes} for the delivery log, reads on (so the
 * connection can be reused) up to {@code maxBytes}, and past that aborts the answer, whose status then stands.
 */
final class AnswerListener implements Response.Listener {

    private final int keptBytes;
    private final int maxBytes;
    private final ByteArrayOutputStream kept;
    private long read;
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();

    AnswerListener(int keptBytes, int maxBytes) {
        this.keptBytes = keptBytes;
        this.maxBytes = maxBytes;
        this.kept = new ByteArrayOutputStream(Math.min(keptBytes, 1_024));
    }

    /** How the exchange ended: completed with {@link Result}, and the start of the body. */
    CompletableFuture<Outcome> outcome() {
        return outcome;
    }

    @Override
    public void onContent(Response response, ByteBuffer content) {
        int length = content.remaining();
        read += length;
        int room = keptBytes - kept.size();
        if (room > 0) {
            byte[] start = new byte[Math.min(room, length)];
            content.get(start);
            kept.writeBytes(start);
        }
        if (read > maxBytes) {
            response.abort(new AnswerTooLongException());
        }
    }

    @Override
    public void onComplete(Result result) {
        outcome.complete(new Outcome(result, text()));
    }

    /**
     * The kept bytes as text: UTF-8, a malformed or cut sequence replaced, and NUL too, which a PostgreSQL text
     * column refuses.
     */
    private String text() {
        return new String(kept.toByteArray(), StandardCharsets.UTF_8).replace('\u0000', '\uFFFD');
    }

    record Outcome(Result result, String body) {
    }

    /** The answer's body passed the bound: it is not read further. */
    static final class AnswerTooLongException extends Exception {

        AnswerTooLongException() {
            super("the answer's body is longer than the sender reads", null, false, false);
        }
    }
}
