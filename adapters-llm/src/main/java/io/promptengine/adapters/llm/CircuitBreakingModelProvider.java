package io.promptengine.adapters.llm;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.application.port.out.StreamListener;
import io.promptengine.domain.error.CircuitOpenException;
import io.promptengine.domain.error.UpstreamException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A provider behind a circuit breaker (resilience4j): while the provider keeps failing transiently, calls are
 * refused at once with a {@link CircuitOpenException} (503 {@code unavailable}, saying when it will be tried
 * again) instead of each waiting for their own failure and retries, and an execution moves on to its fallback
 * models at once.
 *
 * <p>The breaker counts the last {@link Settings#window()} calls; once at least {@link Settings#minimumCalls()}
 * were made and {@link Settings#failureRatePercent()} of them failed transiently (429, 5xx, 529, a failed
 * connection: {@link UpstreamException#retryable()}), it opens for {@link Settings#openFor()}. The first call
 * after that is let through as a trial (half-open): if it succeeds the breaker closes, if it fails it opens again.
 * Other failures (a rejected key, a prompt too long, the caller's own deadline) say nothing about the provider's
 * health and are not counted.
 */
public final class CircuitBreakingModelProvider implements ModelProvider {

    private static final System.Logger LOG = System.getLogger(CircuitBreakingModelProvider.class.getName());

    private final ModelProvider provider;
    private final Clock clock;
    private final Duration openFor;
    private final CircuitBreaker breaker;
    private volatile Instant openedAt = Instant.EPOCH;

    public CircuitBreakingModelProvider(ModelProvider provider, Settings settings, Clock clock) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.openFor = settings.openFor();
        this.breaker = CircuitBreaker.of(provider.name(), CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.window())
                .minimumNumberOfCalls(settings.minimumCalls())
                .failureRateThreshold(settings.failureRatePercent())
                .waitDurationInOpenState(settings.openFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .recordException(failure -> failure instanceof UpstreamException upstream && upstream.retryable())
                .clock(new PortClock(clock))
                .build());
        breaker.getEventPublisher().onStateTransition(event -> {
            CircuitBreaker.State to = event.getStateTransition().getToState();
            if (to == CircuitBreaker.State.OPEN) {
                openedAt = clock.now();
            }
            LOG.log(to == CircuitBreaker.State.OPEN ? Level.WARNING : Level.INFO,
                    "provider {0}: circuit {1}", provider.name(), event.getStateTransition());
        });
    }

    /**
     * How a breaker decides.
     *
     * @param window the number of recent calls it judges
     * @param minimumCalls calls it needs before it judges at all
     * @param failureRatePercent the share of those calls failing transiently that opens it
     * @param openFor how long it stays open before a trial call
     */
    public record Settings(int window, int minimumCalls, int failureRatePercent, Duration openFor) {

        /** Ten calls judged once five were made, open at half of them failing, for thirty seconds. */
        public static Settings withOpenFor(Duration openFor) {
            return new Settings(10, 5, 50, openFor);
        }

        public Settings {
            if (window < 1 || minimumCalls < 1 || minimumCalls > window) {
                throw new IllegalArgumentException("1 <= minimumCalls <= window");
            }
            if (failureRatePercent < 1 || failureRatePercent > 100) {
                throw new IllegalArgumentException("failureRatePercent is between 1 and 100");
            }
            Objects.requireNonNull(openFor, "openFor");
            if (openFor.isNegative() || openFor.isZero()) {
                throw new IllegalArgumentException("openFor is positive");
            }
        }
    }

    @Override
    public String name() {
        return provider.name();
    }

    @Override
    public List<String> models() {
        return provider.models();
    }

    @Override
    public ModelResponse complete(ModelRequest request) {
        return guarded(() -> provider.complete(request));
    }

    /**
     * The provider's own stream, behind the breaker as a call is. A listener that stops the stream says nothing
     * of the provider: its exception is not an {@link UpstreamException}, so it is not counted as a failure.
     */
    @Override
    public ModelResponse stream(ModelRequest request, StreamListener listener) {
        return guarded(() -> provider.stream(request, listener));
    }

    private ModelResponse guarded(Supplier<ModelResponse> call) {
        if (!breaker.tryAcquirePermission()) {
            Instant retryAt = openedAt.plus(openFor);
            Instant now = clock.now();
            throw new CircuitOpenException(provider.name(), retryAt.isAfter(now) ? retryAt : now);
        }
        long start = System.nanoTime();
        try {
            ModelResponse answer = call.get();
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return answer;
        } catch (RuntimeException e) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            throw e;
        }
    }

    /** Whether calls pass now: {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}. */
    public String state() {
        return breaker.getState().name();
    }

    /** The application's clock as the breaker's, so that tests can move time across its cool-down. */
    private static final class PortClock extends java.time.Clock {

        private final Clock clock;

        PortClock(Clock clock) {
            this.clock = clock;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return clock.now();
        }
    }
}
