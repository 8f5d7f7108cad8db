package io.promptengine.domain.error;

import java.util.Objects;

/**
 * A {@link #failure()} that ended an execution which is recorded, told together with that execution's id, so that
 * the caller's answer can point at the record (the HTTP adapter sends it as {@code X-Execution-Id}). It has the
 * failure's kind and message and is answered as the failure would be.
 *
 * <p>The id is known only once the execution is stored, after the failure was thrown deep in the model call; the
 * failure is wrapped then rather than changed, so an exception never changes once thrown.
 */
public final class ExecutionFailedException extends PromptEngineException {

    private final PromptEngineException failure;
    private final String executionId;

    /** @param failure what ended the execution; not itself an {@code ExecutionFailedException} */
    public ExecutionFailedException(PromptEngineException failure, String executionId) {
        super(Objects.requireNonNull(failure, "failure").kind(), failure.getMessage(), failure);
        if (failure instanceof ExecutionFailedException) {
            throw new IllegalArgumentException("already names its execution: " + failure.getMessage());
        }
        this.failure = failure;
        this.executionId = Objects.requireNonNull(executionId, "executionId");
    }

    /** What ended the execution, with everything its kind carries (a field, a retry time, a limit's figures). */
    public PromptEngineException failure() {
        return failure;
    }

    /** The id of the recorded execution this failure ended. */
    public String executionId() {
        return executionId;
    }
}
