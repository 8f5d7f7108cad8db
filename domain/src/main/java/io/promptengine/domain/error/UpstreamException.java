package io.promptengine.domain.error;

/** A model provider failed in a way retries did not cure. The message never carries a credential. */
public final class UpstreamException extends PromptEngineException {

    public UpstreamException(String message) {
        super(ErrorKind.UPSTREAM, message);
    }

    public UpstreamException(String message, Throwable cause) {
        super(ErrorKind.UPSTREAM, message, cause);
    }
}
