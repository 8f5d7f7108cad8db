package io.promptengine.application.port.in;

/** {@code POST /v1/prompt/{uuid}/{provider}}: a stored prompt run by its id on a named provider, in a conversation. */
public interface RunStoredPromptUseCase {

    /**
     * Runs the prompt's live version on the provider, with the conversation's earlier turns and the new message,
     * and appends both turns to the conversation (a new one when the command names none). Refused before any
     * model call when the prompt or the conversation does not exist (404), the provider is not configured, the
     * prompt has no live version or {@code structured_data} is not a usable schema (400). A failed call is
     * recorded, then thrown as the matching {@code PromptEngineException}; it adds nothing to the conversation.
     */
    StoredPromptAnswer run(RunStoredPromptCommand command);

    /**
     * As {@link #run}, with the answer streamed to {@code observer} (see {@link StreamObserver}), refused alike
     * before {@link StreamObserver#started}. The turns are appended once the answer is complete; a stream that
     * fails or whose client hangs up adds nothing. {@code structured_data} is checked on the whole answer at its
     * end, never re-asked.
     */
    StoredPromptAnswer stream(RunStoredPromptCommand command, StreamObserver observer);
}
