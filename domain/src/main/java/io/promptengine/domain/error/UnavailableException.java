package io.promptengine.domain.error;

/** We cannot serve right now (shutting down, database unreachable); retrying later may succeed. */
public final class UnavailableException extends PromptEngineException {

    public UnavailableException(String message) {
        super(ErrorKind.UNAVAILABLE, message);
    }

    public UnavailableException(String message, Throwable cause) {
        super(ErrorKind.UNAVAILABLE, message, cause);
    }
}
