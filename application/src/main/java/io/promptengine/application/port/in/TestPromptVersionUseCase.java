package io.promptengine.application.port.in;

import io.promptengine.domain.execution.Execution;

/** The test route: the only way a draft ever runs. */
public interface TestPromptVersionUseCase {

    /**
     * Runs any version of one of the caller's tenant's prompts (draft, live or archived) on the input, as its
     * endpoint would: the endpoint's input schema is checked first, its output schema (else the version's) holds
     * the answer. Needs the {@code manage} scope. Returns the completed execution; a failed one is recorded, then
     * thrown as the matching {@code PromptEngineException}.
     */
    Execution test(TestPromptVersionCommand command);
}
