package io.promptengine.application.service;

import io.promptengine.application.port.in.StreamObserver;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.IdGenerator;
import io.promptengine.application.port.out.ModelRouter;
import io.promptengine.application.port.out.PromptStore;
import io.promptengine.application.port.out.SchemaValidator;
import io.promptengine.application.port.out.WorkContext;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.error.NotFoundException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionRequest;
import io.promptengine.domain.prompt.Prompt;
import io.promptengine.domain.prompt.PromptId;
import io.promptengine.domain.prompt.PromptVersion;
import io.promptengine.domain.schema.SchemaContract;
import io.promptengine.domain.tenant.TenantId;
import java.util.List;
import java.util.Optional;

/**
 * What the surfaces that run stored prompts share: finding the prompt and its live version, routing the version's
 * model, checking input, running now. Built once by the wiring and given to each of them; only they call it.
 */
public final class StoredPromptRuns {

    private final PromptStore prompts;
    private final ModelRouter router;
    private final SchemaValidator validator;
    private final ExecutionRunner runner;
    private final IdGenerator ids;
    private final Clock clock;
    private final WorkContext work;

    /** @param work the trace each new execution records */
    public StoredPromptRuns(PromptStore prompts, ModelRouter router, SchemaValidator validator, ExecutionRunner runner,
            IdGenerator ids, Clock clock, WorkContext work) {
        this.work = work;
        this.prompts = prompts;
        this.router = router;
        this.validator = validator;
        this.runner = runner;
        this.ids = ids;
        this.clock = clock;
    }

    /** The name a version's model is routed by: {@code provider/model} when the version names its provider. */
    static String modelOf(PromptVersion version) {
        return version.provider().map(provider -> provider + "/" + version.model()).orElse(version.model());
    }

    /** Routes {@code model} now, so that a model no configured provider serves is a 400 before anything runs. */
    ModelRouter.Routed route(String model) {
        return router.route(model).orElseThrow(InvalidInputException::new);
    }

    /** Refuses {@code input} with its first violation of {@code schema}, worded as the validator words it. */
    void requireConforming(SchemaContract schema, String input) {
        List<SchemaValidator.Violation> violations = validator.validate(schema, input);
        if (!violations.isEmpty()) {
            SchemaValidator.Violation first = violations.get(0);
            throw new InvalidInputException(first.field().isEmpty() ? null : first.field(), first.message());
        }
    }

    /** Refuses a schema a caller sent that cannot be used, naming {@code field}. */
    void requireUsable(String field, SchemaContract schema) {
        validator.check(field, schema);
    }

    /**
     * Records a new execution of {@code request} and runs it now on {@code routed}, its model as {@link #route}
     * found it; see {@link ExecutionRunner#runNow}.
     */
    Execution runNow(ExecutionRequest request, ModelRouter.Routed routed) {
        return runner.runNow(queue(request), routed);
    }

    /** Runs {@code queued} now on {@code routed}, its answer streamed to {@code observer}; see {@link ExecutionRunner#stream}. */
    Execution stream(Execution queued, ModelRouter.Routed routed, StreamObserver observer) {
        return runner.stream(queued, routed, observer);
    }

    /** A new execution of {@code request}, not yet started, in the trace the caller works in. */
    Execution queue(ExecutionRequest request) {
        return Execution.queue(ids.executionId(), request.withTraceParent(work.traceParent()), clock.now());
    }

    /** The tenant's prompt with this id; 404 for any other id, well-formed or not. */
    Prompt prompt(TenantId tenant, String id) {
        return Optional.of(id).filter(PromptId::isWellFormed).flatMap(it -> prompts.find(tenant, new PromptId(it)))
                .orElseThrow(() -> new NotFoundException("No prompt with id '" + id + "'"));
    }

    /** The prompt's live version; a prompt with only drafts is refused, since drafts run only as tests. */
    PromptVersion live(Prompt prompt) {
        return prompts.findLive(prompt.id()).orElseThrow(() -> new InvalidInputException("Prompt '" + prompt.name()
                + "' has no live version; drafts are test-only (run them through POST /v1/prompts/" + prompt.id()
                + "/versions/{version}/test)"));
    }
}
