package io.promptengine.domain.error;

/** The resource does not exist, or belongs to another tenant: the two are indistinguishable on purpose. */
public final class NotFoundException extends PromptEngineException {

    public NotFoundException(String message) {
        super(ErrorKind.NOT_FOUND, message);
    }
}
