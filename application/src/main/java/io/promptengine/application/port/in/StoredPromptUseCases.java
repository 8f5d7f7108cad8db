package io.promptengine.application.port.in;

import java.util.Objects;

/**
 * A tenant's definitions and the calls that run them: manage endpoints and prompts with their versions, test a
 * version that is not live yet, run a stored prompt, call an endpoint by its path.
 */
public record StoredPromptUseCases(
        ManageEndpointsUseCase endpoints,
        ManagePromptsUseCase prompts,
        TestPromptVersionUseCase testVersion,
        RunStoredPromptUseCase run,
        CallEndpointUseCase callEndpoint) {

    public StoredPromptUseCases {
        Objects.requireNonNull(endpoints, "endpoints");
        Objects.requireNonNull(prompts, "prompts");
        Objects.requireNonNull(testVersion, "testVersion");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(callEndpoint, "callEndpoint");
    }
}
