package io.promptengine.application.service;

import io.promptengine.application.port.in.StreamObserver;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.ExecutionStore;
import io.promptengine.application.port.out.Metrics;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.application.port.out.ModelRouter;
import io.promptengine.application.port.out.NoMetrics;
import io.promptengine.application.port.out.SchemaValidator;
import io.promptengine.application.port.out.TokenEstimator;
import io.promptengine.application.port.out.WorkContext;
import io.promptengine.domain.error.ErrorKind;
import io.promptengine.domain.error.ExecutionFailedException;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.error.OutputValidationException;
import io.promptengine.domain.error.PromptEngineException;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.ExecutionError;
import io.promptengine.domain.execution.ExecutionOutput;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.prompt.Message;
import io.promptengine.domain.schema.SchemaContract;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Takes a running execution through its model call to a terminal state; shared by sync and async paths. An
 * execution with an output schema asks the model for JSON and checks the answer; an answer that breaks the
 * schema is asked for once more, with the violations, and a second bad answer fails the execution with
 * {@code output_validation_failed}. The tokens of both calls count. Model calls are retried, fall back to the
 * prompt version's fallback models and are priced as {@link ProviderCalls} says; the execution records them.
 *
 * <p><b>Streamed</b> ({@link #stream}): the same call, its text handed to a {@link StreamObserver} as the model makes
 * it. The observer hears the running execution first. Retries and fallbacks stop once text has reached it. An
 * output schema is checked once the whole answer is in, and never re-asked: the client has already seen the
 * answer, so a bad one ends the execution {@code output_validation_failed}. When the observer throws (its client
 * hung up), the model call is given up and the execution ends {@code cancelled} with the tokens used so far,
 * charged and priced; the observer's exception is then thrown as it was.
 */
public final class ExecutionRunner {

    private static final String FENCE = "```";
    private static final int MAX_VIOLATIONS_LISTED = 10;

    private final ModelRouter router;
    private final ExecutionStore executions;
    private final PromptComposer composer;
    private final SchemaValidator validator;
    private final Clock clock;
    private final TokenAccounting tokens;
    private final ModelCallPolicy policy;
    private final TokenEstimator estimator;
    private final Metrics metrics;
    private final WorkContext work;

    /**
     * @param composer what each execution sends, and how long it may take
     * @param validator checks answers against an execution's output schema
     * @param tokens where the tokens of every ended execution are charged
     */
    public ExecutionRunner(ModelRouter router, ExecutionStore executions, PromptComposer composer,
            SchemaValidator validator, Clock clock, TokenAccounting tokens) {
        this(router, executions, composer, validator, clock, tokens, ModelCallPolicy.SINGLE_ATTEMPT);
    }

    /** @param policy how model calls are retried and priced, see {@link ProviderCalls} */
    public ExecutionRunner(ModelRouter router, ExecutionStore executions, PromptComposer composer,
            SchemaValidator validator, Clock clock, TokenAccounting tokens, ModelCallPolicy policy) {
        this(router, executions, composer, validator, clock, tokens, policy, text -> 0);
    }

    /** @param estimator counts the tokens of a streamed call stopped before its provider reported them */
    public ExecutionRunner(ModelRouter router, ExecutionStore executions, PromptComposer composer,
            SchemaValidator validator, Clock clock, TokenAccounting tokens, ModelCallPolicy policy,
            TokenEstimator estimator) {
        this(router, executions, composer, validator, clock, tokens, policy, estimator, new NoMetrics(),
                WorkContext.NONE);
    }

    /**
     * @param metrics told of every execution this runner ends and stores (and, by its callers, of the rest)
     * @param work names the execution in the logs of the thread that runs it
     */
    public ExecutionRunner(ModelRouter router, ExecutionStore executions, PromptComposer composer,
            SchemaValidator validator, Clock clock, TokenAccounting tokens, ModelCallPolicy policy,
            TokenEstimator estimator, Metrics metrics, WorkContext work) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.work = Objects.requireNonNull(work, "work");
        this.estimator = Objects.requireNonNull(estimator, "estimator");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.router = router;
        this.executions = executions;
        this.composer = composer;
        this.validator = validator;
        this.clock = clock;
        this.tokens = tokens;
    }

    /** A terminal execution, and the exception to report when it did not complete. */
    public record Outcome(Execution execution, Optional<RuntimeException> failure) {

        public Outcome {
            Objects.requireNonNull(execution, "execution");
            Objects.requireNonNull(failure, "failure");
        }

        /**
         * The completed execution, or the failure that ended it: an expected one wrapped in an
         * {@link ExecutionFailedException} naming the execution, for a caller to find its record once it is stored.
         */
        public Execution orThrow() {
            if (failure.isEmpty()) {
                return execution;
            }
            if (failure.get() instanceof PromptEngineException known) {
                throw new ExecutionFailedException(known, execution.id().value());
            }
            throw failure.get();
        }
    }

    /**
     * Calls the model for a {@code running} execution that a worker claimed from the queue, and charges the tokens
     * it used; never throws for a failed call, it reports it. The model is routed here, by the instance that runs
     * it: the queue holds names, and the provider that accepted the request may be gone from this configuration.
     */
    public Outcome run(Execution running) {
        try (WorkContext.Scope named = work.enter(running.id())) {
            return routedAndCalled(running);
        }
    }

    private Outcome routedAndCalled(Execution running) {
        ModelRouter.Routed routed;
        try {
            routed = router.route(running.request().model())
                    .orElseThrow(reason -> new InvalidInputException("model", reason));
        } catch (InvalidInputException unroutable) {
            return charged(failed(running, unroutable, Usage.NONE, Optional.empty()));
        }
        return charged(call(running, routed, Optional.empty()));
    }

    private Outcome charged(Outcome outcome) {
        tokens.charge(outcome.execution());
        return outcome;
    }

    /**
     * Starts a new execution on the caller's thread, runs it on {@code routed} (its model as the request was
     * routed when it was checked) and stores it once, when it has ended: the completed execution, or the failure
     * that ended it thrown once it is recorded, in an {@link ExecutionFailedException} that names the execution.
     */
    public Execution runNow(Execution queued, ModelRouter.Routed routed) {
        return runNow(queued, routed, clock.now());
    }

    /**
     * As {@link #runNow(Execution, ModelRouter.Routed)}, started at {@code startedAt}: the moment its caller began
     * to wait for an answer, so that time spent waiting for another request's call counts against its deadline.
     */
    Execution runNow(Execution queued, ModelRouter.Routed routed, Instant startedAt) {
        Outcome outcome;
        try (WorkContext.Scope named = work.enter(queued.id())) {
            outcome = charged(call(queued.start(startedAt), routed, Optional.empty()));
            executions.insert(outcome.execution());
        }
        metrics.executionEnded(outcome.execution());
        return outcome.orThrow();
    }

    /**
     * As {@link #runNow(Execution, ModelRouter.Routed)}, with the answer streamed to {@code observer}: it hears the
     * running execution, then the text. Never answered from nor stored in the response cache. The ended execution
     * is stored once, as for a call that does not stream; a client that hung up leaves it {@code cancelled} and gets
     * its observer's exception back.
     */
    public Execution stream(Execution queued, ModelRouter.Routed routed, StreamObserver observer) {
        try (WorkContext.Scope named = work.enter(queued.id())) {
            return streamed(queued, routed, observer);
        }
    }

    private Execution streamed(Execution queued, ModelRouter.Routed routed, StreamObserver observer) {
        Execution running = queued.start(clock.now());
        StreamTap tap = new StreamTap(observer, estimator);
        Outcome outcome;
        try {
            observer.started(running);
            outcome = call(running, routed, Optional.of(tap));
        } catch (RuntimeException hungUpAtOnce) {
            // the observer could not even take the start: nothing was called, nothing is charged
            outcome = new Outcome(running.cancel(Usage.NONE, Optional.of(BigDecimal.ZERO), clock.now()),
                    Optional.of(hungUpAtOnce));
        }
        outcome = charged(outcome);
        executions.insert(outcome.execution());
        metrics.executionEnded(outcome.execution());
        return outcome.orThrow();
    }

    /**
     * Where the executions this runner ends are reported; its callers in the core report through it what ends
     * elsewhere (an async execution once its finish is stored, a cache hit) and how the cache took part.
     */
    Metrics metrics() {
        return metrics;
    }

    /** How long {@code execution} may take from its start to its answer. */
    Duration timeoutOf(Execution execution) {
        return composer.timeout(execution.request());
    }

    /** Calls {@code primary}, then the prompt version's fallback models, each routed as its turn comes. */
    private Outcome call(Execution running, ModelRouter.Routed primary, Optional<StreamTap> tap) {
        ProviderCalls calls = new ProviderCalls(primary, List.of(), policy, clock, tap);
        try {
            PromptComposer.Composition composition = composer.compose(running);
            calls = new ProviderCalls(primary, composition.fallbackModels().stream()
                    .map(model -> new ProviderCalls.Fallback(model, router.route(model))).toList(), policy, clock,
                    tap);
            Optional<SchemaContract> schema = running.request().outputSchema();
            ModelRequest request = new ModelRequest(calls.model(), composition.messages(),
                    running.request().parameters(), running.startedAt().orElseThrow().plus(composition.timeout()),
                    schema);
            ModelResponse answer = calls.complete(request);
            ExecutionOutput output = schema.isEmpty() ? ExecutionOutput.text(answer.text(), answer.finishReason())
                    : tap.isPresent() ? checkedOnce(schema.get(), answer)
                    : checked(schema.get(), request, answer, calls);
            return new Outcome(running.withModelCalls(calls.record()).complete(output, calls.used(), calls.cost(),
                    clock.now()), Optional.empty());
        } catch (RuntimeException e) {
            Optional<RuntimeException> hangUp = tap.flatMap(StreamTap::hangUp);
            if (hangUp.isPresent()) {
                return new Outcome(running.withModelCalls(calls.record()).cancel(calls.used(), calls.cost(),
                        clock.now()), hangUp);
            }
            if (e instanceof PromptEngineException known) {
                return failed(running.withModelCalls(calls.record()), known, calls.used(), calls.cost());
            }
            Execution failed = running.withModelCalls(calls.record()).fail(
                    new ExecutionError("internal_error", "Internal error while running the prompt"),
                    calls.used(), clock.now());
            return new Outcome(failed, Optional.of(e));
        }
    }

    /**
     * The output of an answer that satisfies {@code schema}: this one, or the one a second call brings when told
     * what was wrong with it; a second bad answer is an {@link OutputValidationException}.
     */
    private ExecutionOutput checked(SchemaContract schema, ModelRequest request, ModelResponse answer,
            ProviderCalls calls) {
        List<SchemaValidator.Violation> violations = validator.validate(schema, document(answer.text()));
        if (!violations.isEmpty()) {
            answer = calls.complete(reask(request, answer.text(), violations));
            violations = validator.validate(schema, document(answer.text()));
            if (!violations.isEmpty()) {
                throw new OutputValidationException("The model's answer did not match the output schema, also "
                        + "when asked again: " + summary(violations));
            }
        }
        return new ExecutionOutput(answer.text(), Optional.of(document(answer.text())), answer.finishReason());
    }

    /** A streamed answer's output, checked whole at its end: its client has seen it, so it is not asked again. */
    private ExecutionOutput checkedOnce(SchemaContract schema, ModelResponse answer) {
        List<SchemaValidator.Violation> violations = validator.validate(schema, document(answer.text()));
        if (!violations.isEmpty()) {
            throw new OutputValidationException("The model's streamed answer did not match the output schema: "
                    + summary(violations));
        }
        return new ExecutionOutput(answer.text(), Optional.of(document(answer.text())), answer.finishReason());
    }

    /**
     * The JSON document in a model's answer: the answer itself, or what a Markdown code fence around it holds,
     * since models often fence JSON even when asked not to.
     */
    static String document(String answer) {
        String text = answer.strip();
        if (!text.startsWith(FENCE) || !text.endsWith(FENCE) || text.length() < 2 * FENCE.length()) {
            return text;
        }
        int firstLineEnd = text.indexOf('\n');
        if (firstLineEnd < 0) {
            return text;
        }
        return text.substring(firstLineEnd + 1, text.length() - FENCE.length()).strip();
    }

    /** The first call's messages, its invalid answer, and a user message that lists what is wrong with it. */
    private static ModelRequest reask(ModelRequest first, String invalidAnswer,
            List<SchemaValidator.Violation> violations) {
        StringBuilder why = new StringBuilder("Your answer does not match the required JSON Schema:");
        violations.stream().limit(MAX_VIOLATIONS_LISTED)
                .forEach(violation -> why.append("\n- ").append(violation.message()));
        why.append("\nAnswer again with only the corrected JSON document.");
        List<Message> messages = new ArrayList<>(first.messages());
        messages.add(Message.assistant(invalidAnswer));
        messages.add(Message.user(why.toString()));
        return new ModelRequest(first.model(), messages, first.parameters(), first.deadline(), first.outputSchema());
    }

    private static String summary(List<SchemaValidator.Violation> violations) {
        String first = violations.get(0).message();
        return violations.size() == 1 ? first : first + " (and " + (violations.size() - 1) + " more)";
    }

    /**
     * Ends the execution for {@code e}, keeping the tokens that calls before it consumed (an answer re-asked, a
     * stream cut short) and their cost; with no tokens used there is nothing to price.
     */
    private Outcome failed(Execution running, PromptEngineException e, Usage used, Optional<BigDecimal> cost) {
        ExecutionError error = new ExecutionError(e.kind().code(), e.getMessage());
        Optional<BigDecimal> price = used.totalTokens() == 0 ? Optional.empty() : cost;
        Execution ended = e.kind() == ErrorKind.TIMEOUT
                ? running.timeOut(error, used, price, clock.now())
                : running.fail(error, used, price, clock.now());
        return new Outcome(ended, Optional.of(e));
    }
}
