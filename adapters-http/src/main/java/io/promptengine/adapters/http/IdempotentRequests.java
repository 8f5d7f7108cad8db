package io.promptengine.adapters.http;

import io.javalin.http.Context;
import io.promptengine.application.model.StoredResponse;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.IdempotencyUseCase;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.execution.Execution;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * {@code Idempotency-Key} on the routes that start executions. After a request is authenticated, admitted by the
 * rate limit and its body parsed, its key is claimed for its fingerprint; the route then runs, and its answer —
 * success or error — is stored for replay, unless it was refused before an execution could be created (any 4xx, a
 * 503), in which case the key is freed and nothing is stored. A request with a key already answered gets that answer
 * again (status, body, and the headers that belong to it) with {@code Idempotent-Replayed: true}, and runs nothing.
 *
 * <p>An event stream is keyed apart from the same request answered as JSON. What is stored for it is the compact
 * form of the events it sent ({@link EventStream#replayOf}): a replay streams the execution event, one delta with
 * the whole text, and the {@code completed} (or {@code error}) event, at once. A stream whose client hung up had no
 * answer to replay, so its key is freed: a retry runs anew (the cancelled execution stays on record).
 *
 * <p>A request that takes over the key of one that died after it had started an execution runs nothing either: the
 * route answers with that execution as the dead request would have ({@link Recorded}), and that answer is stored.
 */
final class IdempotentRequests {

    static final String KEY_HEADER = "Idempotency-Key";
    static final String REPLAYED_HEADER = "Idempotent-Replayed";
    static final int MAX_KEY_LENGTH = 255;
    /** The headers that are part of an answer; per-request ones (request id, rate limit) are never replayed. */
    private static final List<String> KEPT_HEADERS = List.of("Content-Type", "Location", "Preference-Applied",
            TenantEndpointRoutes.EXECUTION_ID_HEADER, CacheHeaders.STATUS_HEADER);
    private static final Logger LOG = LoggerFactory.getLogger(IdempotentRequests.class);

    /** What a route does once its request is admitted and its body read. */
    @FunctionalInterface
    interface Work {
        void run() throws IOException;
    }

    /**
     * How a route answers with an execution that an earlier request with the same key started before it died: as
     * that request would have, a failed execution through {@link #failed}.
     */
    @FunctionalInterface
    interface Recorded {
        void answer(Execution execution) throws IOException;
    }

    private final IdempotencyUseCase idempotency;
    private final ErrorMapping errors;
    private final Json json;

    IdempotentRequests(IdempotencyUseCase idempotency, ErrorMapping errors, Json json) {
        this.idempotency = idempotency;
        this.errors = errors;
        this.json = json;
    }

    /**
     * Runs {@code work} for a request whose parsed body is {@code body}, idempotently when it carries a key;
     * {@code recorded} answers instead when the key's dead first request had started an execution.
     */
    void serve(Context ctx, Caller caller, JsonNode body, Work work, Recorded recorded) throws IOException {
        Optional<String> key = key(ctx);
        if (key.isEmpty()) {
            work.run();
            return;
        }
        IdempotencyUseCase.Begin begin = idempotency.begin(caller.tenantId(), key.get(), fingerprint(ctx, body));
        if (begin instanceof IdempotencyUseCase.Replay replay) {
            replay(ctx, replay.response());
            return;
        }
        IdempotencyUseCase.Claim claim;
        Work answering;
        if (begin instanceof IdempotencyUseCase.Recorded dead) {
            claim = dead.claim();
            answering = () -> recorded.answer(dead.execution());
        } else {
            claim = (IdempotencyUseCase.Claim) begin;
            answering = work;
        }
        StoredResponse answer;
        try {
            try {
                answering.run();
            } catch (Exception e) {
                errors.handle(e, ctx);
            }
            if (EventStream.clientGone(ctx)) {
                // its client hung up mid-stream and never had an answer: a retry with the key runs anew
                settleQuietly(() -> idempotency.abandon(claim));
                return;
            }
            answer = captured(ctx);
        } catch (IOException | RuntimeException | Error e) {
            settleQuietly(() -> idempotency.abandon(claim));
            throw e;
        }
        // an answer made from a recorded execution stands for it whatever its status
        boolean ran = begin instanceof IdempotencyUseCase.Recorded || startedAnExecution(answer.status());
        // the answer stands whether or not it could be stored: a key left in flight is taken over by the next retry
        settleQuietly(() -> {
            if (ran) {
                idempotency.finish(claim, answer);
            } else {
                idempotency.abandon(claim);
            }
        });
    }

    /** A {@link Recorded} answer for an execution that ended without completing: its recorded error. */
    void failed(Context ctx, Execution ended) {
        errors.recordedFailure(ctx, ended);
    }

    /** The request's key, when it sent one; 1 to 255 visible ASCII characters. */
    static Optional<String> key(Context ctx) {
        String key = ctx.header(KEY_HEADER);
        if (key == null) {
            return Optional.empty();
        }
        if (!RequestIds.isVisibleAscii(key, MAX_KEY_LENGTH)) {
            throw new InvalidInputException(KEY_HEADER, "Header 'Idempotency-Key' must be 1 to " + MAX_KEY_LENGTH
                    + " visible ASCII characters");
        }
        return Optional.of(key);
    }

    /**
     * Refusals (4xx) and a 503 happen before an execution exists, so a retry with the same key must be free to run;
     * every other answer — 200, 202, and the 5xx of a failed, timed-out or invalid execution — is final.
     */
    private static boolean startedAnExecution(int status) {
        return status < 400 || (status >= 500 && status != 503);
    }

    /**
     * The SHA-256 of what makes two requests the same: method, path (of the API: the same whatever base path the
     * API is mounted under), query, whether it asks to respond asynchronously, and the body with its keys sorted
     * and no insignificant whitespace.
     */
    private String fingerprint(Context ctx, JsonNode body) {
        String query = ctx.queryString() == null ? "" : ctx.queryString();
        String request = ctx.method().name() + "\n" + BasePath.apiPath(ctx) + "\n" + query + "\n"
                + Prefer.respondAsync(ctx.header("Prefer")) + "\n" + json.canonical(body)
                + (EventStream.requested(ctx, Optional.empty()) ? "\nevent-stream" : "");
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(request.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static StoredResponse captured(Context ctx) throws IOException {
        byte[] body = new byte[0];
        InputStream result = ctx.resultInputStream();
        Optional<byte[]> streamed = EventStream.replayOf(ctx);
        if (streamed.isPresent()) {
            // streamed already; its replay is the compact form of the same events
            body = streamed.get();
        } else if (result != null) {
            body = result.readAllBytes();
            ctx.result(body);
        }
        List<StoredResponse.Header> headers = new ArrayList<>();
        for (String name : KEPT_HEADERS) {
            String value = ctx.res().getHeader(name);
            if (value != null) {
                headers.add(new StoredResponse.Header(name, value));
            }
        }
        return new StoredResponse(ctx.statusCode(), headers, body);
    }

    private static void replay(Context ctx, StoredResponse answer) {
        answer.headers().forEach(header -> ctx.header(header.name(), header.value()));
        ctx.header(REPLAYED_HEADER, "true");
        ctx.status(answer.status()).result(answer.body());
    }

    private static void settleQuietly(Runnable settle) {
        try {
            settle.run();
        } catch (RuntimeException e) {
            LOG.warn("Could not store or free an idempotency key; the next request with it takes it over", e);
        }
    }
}
