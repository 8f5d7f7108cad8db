package io.promptengine.domain.error;

/**
 * The root of the small hierarchy of expected outcomes that end a request early: bad input, a missing
 * resource, a refused caller, a failing upstream. Each subclass names one {@link ErrorKind}; the HTTP
 * adapter maps kinds to status codes in one place.
 *
 * <p>Stack traces are not captured: these are answers, not bugs, and they are thrown on hot paths.
 */
public abstract class PromptEngineException extends RuntimeException {

    private final ErrorKind kind;

    protected PromptEngineException(ErrorKind kind, String message) {
        this(kind, message, null);
    }

    protected PromptEngineException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause, false, false);
        this.kind = java.util.Objects.requireNonNull(kind, "kind");
    }

    public final ErrorKind kind() {
        return kind;
    }
}
