package io.promptengine.domain.error;

/** No credentials, or credentials we do not accept (unknown, revoked, expired). */
public final class AuthenticationException extends PromptEngineException {

    public AuthenticationException(String message) {
        super(ErrorKind.UNAUTHORIZED, message);
    }
}
