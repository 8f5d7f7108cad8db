package io.promptengine.domain.error;

/** The work did not finish before its deadline. */
public final class DeadlineExceededException extends PromptEngineException {

    public DeadlineExceededException(String message) {
        super(ErrorKind.TIMEOUT, message);
    }
}
