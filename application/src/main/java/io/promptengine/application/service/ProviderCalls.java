package io.promptengine.application.service;

import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.application.port.out.ModelRouter;
import io.promptengine.application.port.out.PriceList;
import io.promptengine.domain.error.CircuitOpenException;
import io.promptengine.domain.error.PromptEngineException;
import io.promptengine.domain.error.UpstreamException;
import io.promptengine.domain.execution.ExecutionError;
import io.promptengine.domain.execution.ModelCalls;
import io.promptengine.domain.execution.Usage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The model calls of one execution under a {@link ModelCallPolicy}: its own model first, then its fallback models
 * in order. Each model gets up to {@code maxAttempts} attempts while it fails transiently (429, 5xx, a connection
 * that failed); a failure that retrying cannot cure (a rejected key, an unknown model), an open circuit breaker,
 * or spent attempts move on to the next model. A wait that would end at or after the deadline is not slept: the
 * model is given up at once. A refused request ({@code InvalidInputException}) and the deadline itself
 * ({@code DeadlineExceededException}) end the execution, since another model would not change them.
 *
 * <p>Counts every call sent, remembers the last failure, adds up the tokens and the cost of the answers, and
 * keeps to the model that answered for a later call (a re-ask). Not thread-safe: one execution, one thread.
 *
 * <p><b>Streamed.</b> Given a {@link StreamTap}, each call streams its answer through it. Retries and fallbacks
 * happen only while no text has reached the tap's observer: once a client has seen part of an answer, another
 * attempt would repeat or contradict it, so the first failure after that ends the execution. A streamed call that
 * stops before its end (a failure, or the observer's exception when its client hung up) is charged and priced for
 * the tokens it used so far, as {@link StreamTap#usedSoFar} counts them.
 */
final class ProviderCalls {

    private static final System.Logger LOG = System.getLogger(ProviderCalls.class.getName());

    private final ModelRouter.Routed primary;
    private final List<Candidate> candidates;
    private final ModelCallPolicy policy;
    private final Clock clock;
    private final Optional<StreamTap> tap;
    private int current;
    private int count;
    private Optional<ExecutionError> lastError = Optional.empty();
    private Usage used = Usage.NONE;
    private BigDecimal cost = BigDecimal.ZERO;
    private boolean priced = true;

    /**
     * @param primary the execution's own model, routed
     * @param fallbacks the fallback models as listed on the prompt version, each with its route
     */
    ProviderCalls(ModelRouter.Routed primary, List<Fallback> fallbacks, ModelCallPolicy policy, Clock clock) {
        this(primary, fallbacks, policy, clock, Optional.empty());
    }

    /** @param tap when present, every call streams its answer through it */
    ProviderCalls(ModelRouter.Routed primary, List<Fallback> fallbacks, ModelCallPolicy policy, Clock clock,
            Optional<StreamTap> tap) {
        this.tap = Objects.requireNonNull(tap, "tap");
        this.primary = Objects.requireNonNull(primary, "primary");
        this.candidates = new ArrayList<>();
        candidates.add(new Candidate(Optional.empty(), primary));
        fallbacks.forEach(fallback -> candidates.add(new Candidate(Optional.of(fallback.name()), fallback.route())));
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A fallback model by the name its prompt version lists, and where it routes. */
    record Fallback(String name, ModelRouter.Route route) {
        Fallback {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(route, "route");
        }
    }

    private record Candidate(Optional<String> fallbackName, ModelRouter.Route route) {
    }

    /** The execution's own model name at its provider. */
    String model() {
        return primary.model();
    }

    /**
     * The answer of the current model to {@code request}, or of the next ones when it fails; the request's model
     * name is replaced by each candidate's.
     */
    ModelResponse complete(ModelRequest request) {
        PromptEngineException failure = null;
        for (; current < candidates.size(); current++) {
            Candidate candidate = candidates.get(current);
            ModelRouter.Routed routed;
            try {
                routed = candidate.route().orElseThrow(reason -> new UpstreamException("Fallback model '"
                        + candidate.fallbackName().orElseThrow() + "' cannot be called: " + reason));
            } catch (UpstreamException unroutable) {
                failure = unroutable;
                note(failure);
                continue;
            }
            try {
                return attempts(routed, new ModelRequest(routed.model(), request.messages(), request.parameters(),
                        request.deadline(), request.outputSchema()));
            } catch (CircuitOpenException | UpstreamException e) {
                failure = e;
                if (spoke()) {
                    throw e;
                }
                if (current + 1 < candidates.size()) {
                    LOG.log(System.Logger.Level.INFO, "provider {0} model {1} failed, trying fallback {2}: {3}",
                            routed.provider().name(), routed.model(),
                            candidates.get(current + 1).fallbackName().orElseThrow(), e.getMessage());
                }
            }
        }
        throw Objects.requireNonNull(failure, "a failure, since every candidate failed");
    }

    private ModelResponse attempts(ModelRouter.Routed routed, ModelRequest request) {
        for (int attempt = 1; ; attempt++) {
            try {
                ModelResponse answer = send(routed, request);
                charge(routed, answer.usage());
                return answer;
            } catch (UpstreamException e) {
                if (!e.retryable() || attempt >= policy.maxAttempts() || spoke()) {
                    throw e;
                }
                Duration wait = policy.backoff(attempt, e.retryAfter());
                if (!clock.now().plus(wait).isBefore(request.deadline())) {
                    UpstreamException stopped = new UpstreamException(e.getMessage() + " (not retried: the wait of "
                            + wait.toMillis() + " ms before attempt " + (attempt + 1)
                            + " would pass the execution's deadline)", e);
                    note(stopped);
                    throw stopped;
                }
                LOG.log(System.Logger.Level.INFO, "provider {0} model {1} attempt {2} of {3} failed, retrying in {4} ms: "
                        + "{5}", routed.provider().name(), routed.model(), attempt, policy.maxAttempts(),
                        wait.toMillis(), e.getMessage());
                sleep(wait, e);
            }
        }
    }

    /**
     * One call; counted and noted unless an open breaker refused it before anything was sent. A streamed one that
     * stopped is charged for what it used so far.
     */
    private ModelResponse send(ModelRouter.Routed routed, ModelRequest request) {
        tap.ifPresent(StreamTap::beginAttempt);
        try {
            ModelResponse answer = tap.isPresent() ? routed.provider().stream(request, tap.get())
                    : routed.provider().complete(request);
            count++;
            return answer;
        } catch (CircuitOpenException e) {
            note(e);
            throw e;
        } catch (PromptEngineException e) {
            count++;
            note(e);
            chargeStopped(routed, request);
            throw e;
        } catch (RuntimeException e) {
            if (tap.isPresent() && tap.get().hangUp().isPresent()) {
                count++;
                chargeStopped(routed, request);
            }
            throw e;
        }
    }

    /** Whether a streamed answer has reached its observer, which rules out another attempt. */
    private boolean spoke() {
        return tap.isPresent() && tap.get().spoke();
    }

    private void chargeStopped(ModelRouter.Routed routed, ModelRequest request) {
        if (tap.isPresent()) {
            Usage soFar = tap.get().usedSoFar(request);
            if (soFar.totalTokens() > 0) {
                charge(routed, soFar);
            }
        }
    }

    private void sleep(Duration wait, UpstreamException after) {
        try {
            policy.sleeper().sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamException("Interrupted while waiting to retry after: " + after.getMessage(), e);
        }
    }

    private void charge(ModelRouter.Routed routed, Usage usage) {
        used = used.plus(usage);
        Optional<PriceList.Price> price = policy.prices().price(routed.provider().name(), routed.model());
        if (price.isPresent()) {
            cost = cost.add(price.get().cost(usage));
        } else {
            priced = false;
        }
    }

    private void note(PromptEngineException failure) {
        lastError = Optional.of(new ExecutionError(failure.kind().code(), failure.getMessage()));
    }

    /** The tokens of every answered call. */
    Usage used() {
        return used;
    }

    /** The cost of every answered call, when each answering model has a price. */
    Optional<BigDecimal> cost() {
        return priced ? Optional.of(cost) : Optional.empty();
    }

    /** What the calls so far were, for the execution's record. */
    ModelCalls record() {
        Optional<String> fallback = current < candidates.size() ? candidates.get(current).fallbackName()
                : Optional.empty();
        return new ModelCalls(count, lastError, fallback);
    }
}
