package io.promptengine.application.service;

import io.promptengine.application.port.in.Caller;
import io.promptengine.application.port.in.TestPromptVersionCommand;
import io.promptengine.application.port.in.TestPromptVersionUseCase;
import io.promptengine.application.port.out.EndpointStore;
import io.promptengine.application.port.out.ModelRouter;
import io.promptengine.application.port.out.PromptStore;
import io.promptengine.domain.endpoint.Endpoint;
import io.promptengine.domain.error.NotFoundException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionRequest;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.prompt.Prompt;
import io.promptengine.domain.prompt.PromptVersion;
import io.promptengine.domain.tenant.Scope;
import java.util.Optional;

/**
 * Test runs of prompt versions, drafts included, under the contract of the prompt's endpoint when it has one: a
 * test shows what a call of the endpoint would answer once the version is live.
 */
public final class TestPromptVersionService implements TestPromptVersionUseCase {

    private final EndpointStore endpoints;
    private final PromptStore prompts;
    private final StoredPromptRuns runs;

    public TestPromptVersionService(EndpointStore endpoints, PromptStore prompts, StoredPromptRuns runs) {
        this.endpoints = endpoints;
        this.prompts = prompts;
        this.runs = runs;
    }

    @Override
    public Execution test(TestPromptVersionCommand command) {
        Caller caller = command.caller();
        caller.require(Scope.MANAGE);
        Prompt prompt = runs.prompt(caller.tenantId(), command.promptId());
        PromptVersion version = prompts.listVersions(prompt.id()).stream()
                .filter(candidate -> candidate.number() == command.version()).findFirst()
                .orElseThrow(() -> new NotFoundException("Prompt '" + prompt.name() + "' has no version "
                        + command.version()));
        Optional<Endpoint> endpoint = prompt.endpointId().flatMap(id -> endpoints.find(caller.tenantId(), id));
        endpoint.ifPresent(it -> runs.requireConforming(it.inputSchema(), command.input()));
        String model = StoredPromptRuns.modelOf(version);
        ModelRouter.Routed routed = runs.route(model);
        ExecutionRequest request = new ExecutionRequest(caller.tenantId(), caller.apiKeyId(), Surface.TEST,
                Optional.of(version.id().value()), routed.provider().name(), model, command.input(),
                version.parameters(), command.requestId(), command.idempotencyKey(), endpoint.map(Endpoint::id),
                Optional.empty(), Optional.empty(),
                endpoint.flatMap(Endpoint::outputSchema).or(version::outputSchema));
        return runs.runNow(request, routed);
    }
}
