package io.promptengine.bootstrap;

import io.promptengine.application.model.CacheStatus;
import io.promptengine.application.model.StoredResponse;
import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.GetExecutionUseCase;
import io.promptengine.application.port.in.IdempotencyUseCase;
import io.promptengine.domain.error.ExecutionFailedException;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Idempotency keys of in-process calls, through the same {@link IdempotencyUseCase} and table as the HTTP API's
 * {@code Idempotency-Key}, with its semantics: the same key and request answer as the first call did without
 * running again, another request under the key is an {@code IdempotencyMismatchException}, and one while the first
 * still runs a {@code ConflictException}.
 *
 * <p>What is stored differs, since there is no HTTP answer to keep: the answer is the id of the execution the call
 * started ({@code X-Execution-Id}) and how the cache took part ({@code X-Cache}), with no body, and a replay reads
 * that execution back. The fingerprint starts with {@code in-process}, where an HTTP one starts with its method,
 * so a key used in process and then over HTTP (or the other way) is a different request: a mismatch.
 *
 * <p>A key is kept once the call stored an execution: completed, queued, or failed after it was recorded (an
 * {@link ExecutionFailedException}). Any other failure is a refusal before an execution existed and frees the key for
 * a retry, as the HTTP API frees it after a 4xx or 503.
 */
final class InProcessIdempotency {

    static final int MAX_KEY_LENGTH = 255;
    private static final String EXECUTION_ID = "X-Execution-Id";
    private static final String CACHE = "X-Cache";
    private static final Logger LOG = LoggerFactory.getLogger(InProcessIdempotency.class);

    /** A call that starts an execution: how it runs, what it stored, and how it answers from a recorded execution. */
    interface Call<T> {

        T run();

        Execution execution(T answer);

        Optional<CacheStatus> cache(T answer);

        /** The answer the first call would give for {@code recorded}; throws its failure when it failed. */
        T answer(Execution recorded, Optional<CacheStatus> cache, boolean replayed);
    }

    private final IdempotencyUseCase idempotency;
    private final GetExecutionUseCase executions;

    InProcessIdempotency(IdempotencyUseCase idempotency, GetExecutionUseCase executions) {
        this.idempotency = idempotency;
        this.executions = executions;
    }

    /** Runs {@code call}, idempotently under {@code key} when there is one; {@code request} is what identifies it. */
    <T> T serve(Caller caller, Optional<String> key, String request, Call<T> call) {
        if (key.isEmpty()) {
            return call.run();
        }
        IdempotencyUseCase.Begin begin = idempotency.begin(caller.tenantId(), checked(key.get()),
                fingerprint(request));
        if (begin instanceof IdempotencyUseCase.Replay replay) {
            StoredResponse stored = replay.response();
            Execution recorded = executions.get(caller, header(stored, EXECUTION_ID).orElseThrow());
            return call.answer(recorded, header(stored, CACHE).map(CacheStatus::valueOf), true);
        }
        if (begin instanceof IdempotencyUseCase.Recorded dead) {
            // the first call died after it had started this execution: answer with it, run nothing
            return settled(dead.claim(), () -> call.answer(dead.execution(), Optional.empty(), false), call);
        }
        return settled((IdempotencyUseCase.Claim) begin, call::run, call);
    }

    private <T> T settled(IdempotencyUseCase.Claim claim, java.util.function.Supplier<T> work, Call<T> call) {
        T answer;
        try {
            answer = work.get();
        } catch (ExecutionFailedException failed) {
            settleQuietly(() -> idempotency.finish(claim, stored(failed.executionId(), 500, Optional.empty())));
            throw failed;
        } catch (RuntimeException | Error refused) {
            settleQuietly(() -> idempotency.abandon(claim));
            throw refused;
        }
        Execution execution = call.execution(answer);
        int status = execution.status() == ExecutionStatus.QUEUED ? 202 : 200;
        settleQuietly(() -> idempotency.finish(claim, stored(execution.id().value(), status, call.cache(answer))));
        return answer;
    }

    /** 1 to 255 visible ASCII characters, as the HTTP API requires of the header. */
    static String checked(String key) {
        boolean visible = !key.isEmpty() && key.length() <= MAX_KEY_LENGTH
                && key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
        if (!visible) {
            throw new InvalidInputException("idempotencyKey",
                    "The idempotency key must be 1 to " + MAX_KEY_LENGTH + " visible ASCII characters");
        }
        return key;
    }

    private static String fingerprint(String request) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(("in-process\n" + request).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static StoredResponse stored(String executionId, int status, Optional<CacheStatus> cache) {
        List<StoredResponse.Header> headers = new ArrayList<>();
        headers.add(new StoredResponse.Header(EXECUTION_ID, executionId));
        cache.ifPresent(how -> headers.add(new StoredResponse.Header(CACHE, how.name())));
        return new StoredResponse(status, headers, new byte[0]);
    }

    private static Optional<String> header(StoredResponse stored, String name) {
        return stored.headers().stream().filter(header -> header.name().toLowerCase(Locale.ROOT)
                .equals(name.toLowerCase(Locale.ROOT))).map(StoredResponse.Header::value).findFirst();
    }

    private static void settleQuietly(Runnable settle) {
        try {
            settle.run();
        } catch (RuntimeException e) {
            LOG.warn("Could not store or free an idempotency key; the next call with it takes it over", e);
        }
    }
}
