package io.promptengine.application.port.in;

/** A call of one of the caller's tenant's endpoints, such as {@code POST /api/v1/summarize}. */
public interface CallEndpointUseCase {

    /**
     * Runs the endpoint's live prompt on the input and returns the completed execution: its output is the JSON
     * document the endpoint's output schema describes when it has one, the model's text otherwise. Refused before
     * any model call when the host names another tenant (403), the endpoint or the named prompt does not exist
     * (404), the prompt has no live version or the input breaks the input schema (400). A failed, timed-out or
     * invalid answer is recorded, then thrown as the matching {@code PromptEngineException}. With a cache time to
     * live on the endpoint, the answer may come from the response cache.
     */
    ExecutionResult call(CallEndpointCommand command);

    /**
     * As {@link #call}, with the model's text streamed to {@code observer} (see {@link StreamObserver}), refused
     * alike before {@link StreamObserver#started}; never through the response cache. With an output schema the text
     * is streamed as it comes and the whole answer checked at its end, without a second ask: an answer that breaks
     * the schema ends the execution {@code output_validation_failed}.
     */
    ExecutionResult stream(CallEndpointCommand command, StreamObserver observer);
}
