package io.promptengine.application.service;

import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.ExecutionStore;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.application.port.out.ModelRouter;
import io.promptengine.domain.error.ErrorKind;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.error.PromptEngineException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionError;
import io.promptengine.domain.execution.ExecutionId;
import io.promptengine.domain.execution.ExecutionOutput;
import io.promptengine.domain.execution.ExecutionStatus;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.Message;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Takes a running execution through its model call to a terminal state; shared by sync and async paths. */
public final class ExecutionRunner {

    private static final System.Logger LOG = System.getLogger(ExecutionRunner.class.getName());

    private final ModelRouter router;
    private final ExecutionStore executions;
    private final Clock clock;
    private final Duration timeout;
    private final TokenAccounting tokens;

    /**
     * @param timeout how long one execution may run, from its start to its answer
     * @param tokens where the tokens of every ended execution are charged
     */
    public ExecutionRunner(ModelRouter router, ExecutionStore executions, Clock clock, Duration timeout,
            TokenAccounting tokens) {
        this.router = router;
        this.executions = executions;
        this.clock = clock;
        this.timeout = timeout;
        this.tokens = tokens;
    }

    /** A terminal execution, and the exception to report when it did not complete. */
    public record Outcome(Execution execution, Optional<RuntimeException> failure) {

        public Outcome {
            Objects.requireNonNull(execution, "execution");
            Objects.requireNonNull(failure, "failure");
        }

        /** The completed execution, or the failure that ended it. */
        public Execution orThrow() {
            if (failure.isPresent()) {
                throw failure.get();
            }
            return execution;
        }
    }

    /**
     * Calls the model for a {@code running} execution and charges the tokens it used; never throws for a failed
     * call, it reports it.
     */
    public Outcome run(Execution running) {
        Outcome outcome = call(running);
        tokens.charge(outcome.execution());
        return outcome;
    }

    private Outcome call(Execution running) {
        ModelRouter.Route route = router.route(running.request().model());
        if (route instanceof ModelRouter.Unroutable unroutable) {
            return failed(running, new InvalidInputException("model", unroutable.reason()));
        }
        ModelRouter.Routed routed = (ModelRouter.Routed) route;
        try {
            ModelRequest request = new ModelRequest(routed.model(), messagesOf(running),
                    running.request().parameters(), running.startedAt().orElseThrow().plus(timeout));
            ModelResponse answer = routed.provider().complete(request);
            return new Outcome(running.complete(ExecutionOutput.text(answer.text(), answer.finishReason()),
                    answer.usage(), Optional.empty(), clock.now()), Optional.empty());
        } catch (PromptEngineException e) {
            return failed(running, e);
        } catch (RuntimeException e) {
            Execution failed = running.fail(new ExecutionError("internal_error", "Internal error while running the prompt"),
                    Usage.NONE, clock.now());
            return new Outcome(failed, Optional.of(e));
        }
    }

    /** The worker's entry point: starts a queued execution unless it was cancelled, runs it, stores the end. */
    public void runQueued(ExecutionId id) {
        Optional<Execution> stored = executions.find(id);
        if (stored.isEmpty() || stored.get().status() != ExecutionStatus.QUEUED) {
            return;
        }
        Execution running = stored.get().start(clock.now());
        if (executions.update(running, ExecutionStatus.QUEUED) == ExecutionStore.Write.STALE) {
            return;
        }
        Outcome outcome = run(running);
        if (executions.update(outcome.execution(), ExecutionStatus.RUNNING) == ExecutionStore.Write.STALE) {
            LOG.log(Level.DEBUG, "execution {0} ended elsewhere (cancelled) while its model call ran", id);
            return;
        }
        outcome.failure().filter(f -> !(f instanceof PromptEngineException))
                .ifPresent(f -> LOG.log(Level.ERROR, "execution " + id + " failed unexpectedly", f));
    }

    /** The messages an execution sends, rebuilt from what it stored so that a restart can run it again. */
    private static List<Message> messagesOf(Execution execution) {
        if (execution.request().source() != Surface.EXECUTE_API) {
            throw new IllegalArgumentException("no message composition for surface " + execution.request().source());
        }
        return List.of(Message.user(execution.request().input()));
    }

    private Outcome failed(Execution running, PromptEngineException e) {
        ExecutionError error = new ExecutionError(e.kind().code(), e.getMessage());
        Execution ended = e.kind() == ErrorKind.TIMEOUT
                ? running.timeOut(error, clock.now())
                : running.fail(error, Usage.NONE, clock.now());
        return new Outcome(ended, Optional.of(e));
    }
}
