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
    /** The id of the execution this failure ended, once that execution is recorded; null before. */
    private volatile String executionId;

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

    /**
     * Names the execution this failure ended, once that execution is stored, so that the caller's answer can point
     * at the record (the HTTP adapter sends it as {@code X-Execution-Id}). Returns this exception.
     */
    public final PromptEngineException recordedAs(String executionId) {
        this.executionId = java.util.Objects.requireNonNull(executionId, "executionId");
        return this;
    }

    /** The execution this failure ended and that is stored, when there is one. */
    public final java.util.Optional<String> executionId() {
        return java.util.Optional.ofNullable(executionId);
    }
}
