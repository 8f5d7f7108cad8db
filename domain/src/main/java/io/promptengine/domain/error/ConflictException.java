package io.promptengine.domain.error;

/** The request is valid but clashes with the current state of the resource. */
public final class ConflictException extends PromptEngineException {

    public ConflictException(String message) {
        super(ErrorKind.CONFLICT, message);
    }
}
