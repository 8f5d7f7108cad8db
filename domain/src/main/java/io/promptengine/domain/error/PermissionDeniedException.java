package io.promptengine.domain.error;

/** A known caller that may not do this (missing scope, inactive tenant, foreign tenant host). */
public final class PermissionDeniedException extends PromptEngineException {

    public PermissionDeniedException(String message) {
        super(ErrorKind.FORBIDDEN, message);
    }
}
