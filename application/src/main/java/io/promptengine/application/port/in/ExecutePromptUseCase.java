package io.promptengine.application.port.in;

import io.promptengine.domain.execution.Execution;
import java.util.List;

/** Runs a prompt now ({@link #execute}) or later on a worker ({@link #submit}). */
public interface ExecutePromptUseCase {

    /**
     * Runs the prompt on the caller's thread, or answers it from the response cache, and returns the completed
     * execution. A failed, timed-out or refused model call is recorded, then thrown as the matching
     * {@code PromptEngineException}.
     */
    ExecutionResult execute(ExecutePromptCommand command);

    /**
     * As {@link #execute}, with the answer streamed to {@code observer} as the model makes it (see
     * {@link StreamObserver}); never answered from the response cache, and never stored in it. Refusals come before
     * {@link StreamObserver#started}; a failure after it is recorded and thrown as for {@link #execute}.
     */
    ExecutionResult stream(ExecutePromptCommand command, StreamObserver observer);

    /**
     * The models the caller may name: those the providers list, as {@code provider/model}, then the tenant's
     * prompts that have a live version, as {@code prompt:<name>}; {@code GET /v1/models}.
     */
    List<String> models(Caller caller);

    /** Stores the execution as {@code queued}, hands it to a worker and returns at once. */
    Execution submit(ExecutePromptCommand command);
}
