package io.promptengine.domain.error;

/** An {@code Idempotency-Key} reused for a request that differs from the one it was first used for. */
public final class IdempotencyMismatchException extends PromptEngineException {

    public IdempotencyMismatchException(String message) {
        super(ErrorKind.IDEMPOTENCY_MISMATCH, message);
    }
}
