package io.promptengine.application.port.in;

import io.promptengine.domain.execution.Execution;

/**
 * Hears a streamed execution as it happens, on the thread that asked for the stream: first the execution once it
 * exists and is running, then the answer's text piece by piece. The completed execution is what the streaming call
 * returns; a failure after {@link #started} is thrown from it, as for a call that does not stream.
 *
 * <p>An observer throws from {@link #delta} when it can take no more, because the client hung up: the model call is
 * given up at once, the execution ends {@code cancelled} with the tokens used so far, charged and priced, and the
 * streaming call throws the observer's exception.
 */
public interface StreamObserver {

    /** The execution, {@code running}, before any of its text; an answer from the cache is never streamed. */
    void started(Execution running);

    /** The next piece of the answer's text; never empty. */
    void delta(String text);
}
