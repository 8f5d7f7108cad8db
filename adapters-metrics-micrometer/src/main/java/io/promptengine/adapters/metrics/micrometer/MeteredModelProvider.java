package io.promptengine.adapters.metrics.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.application.port.out.ModelRequest;
import io.promptengine.application.port.out.ModelResponse;
import io.promptengine.application.port.out.StreamListener;
import io.promptengine.domain.error.CircuitOpenException;
import io.promptengine.domain.error.DeadlineExceededException;
import io.promptengine.domain.error.InvalidInputException;
import io.promptengine.domain.error.UpstreamException;
import io.promptengine.domain.execution.Usage;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A provider with every attempt measured, outside its circuit breaker so that refused calls count too: how long
 * it took, how it ended and the class of the answer, and for a stream the time to its first text. The core sees
 * the provider it wraps, unchanged.
 *
 * <p>Outcomes: {@code ok}; {@code upstream_error} (the provider failed, or answered a status the core retries or
 * gives up on); {@code rejected} (the provider refused the request itself, such as a prompt over the context
 * length); {@code timeout} (no answer before the deadline); {@code circuit_open} (the breaker refused, nothing was
 * sent); {@code error} (anything else, such as a client that hung up mid-stream). The status class is that of the
 * provider's HTTP answer: {@code 2xx} for a call that succeeded, and for an upstream error the class of the status
 * it carries ({@code 4xx} for a 429 or a refused key, {@code 5xx} for a server error, {@code 2xx} for an answer
 * whose body was unusable); {@code 4xx} for a rejected request; {@code none} when no answer came (a connection
 * that failed, a timeout, an open circuit) or a provider without HTTP did not say.
 */
final class MeteredModelProvider implements ModelProvider {

    private final ModelProvider provider;
    /** The call timers by outcome and status class: a call records without a registry lookup. */
    private final MeterCache<Timer> calls;
    private final Timer timeToFirstToken;

    MeteredModelProvider(ModelProvider provider, MeterRegistry registry) {
        this.provider = provider;
        this.calls = new MeterCache<>(labels -> Timer.builder("pe.provider.calls")
                .description("Calls to model providers by provider, outcome and status class")
                .tags("provider", provider.name(), "outcome", labels.get(0), "status_class", labels.get(1))
                .serviceLevelObjectives(MicrometerMetrics.LATENCY_BUCKETS)
                .register(registry));
        this.timeToFirstToken = Timer.builder("pe.provider.time.to.first.token")
                .description("From a streamed call's start to its first text, by provider")
                .tags("provider", provider.name())
                .serviceLevelObjectives(MicrometerMetrics.LATENCY_BUCKETS)
                .register(registry);
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
        return timed(() -> provider.complete(request));
    }

    @Override
    public ModelResponse stream(ModelRequest request, StreamListener listener) {
        long start = System.nanoTime();
        StreamListener firstText = new StreamListener() {
            private boolean spoke;

            @Override
            public void text(String delta) {
                if (!spoke && !delta.isEmpty()) {
                    spoke = true;
                    timeToFirstToken.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                }
                listener.text(delta);
            }

            @Override
            public void usage(Usage soFar) {
                listener.usage(soFar);
            }
        };
        return timed(() -> provider.stream(request, firstText));
    }

    private ModelResponse timed(Supplier<ModelResponse> call) {
        long start = System.nanoTime();
        try {
            ModelResponse answer = call.get();
            record("ok", "2xx", start);
            return answer;
        } catch (RuntimeException e) {
            record(outcomeOf(e), statusClass(e), start);
            throw e;
        }
    }

    private void record(String outcome, String statusClass, long start) {
        calls.of(outcome, statusClass).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }

    private static String outcomeOf(RuntimeException failure) {
        if (failure instanceof UpstreamException) {
            return "upstream_error";
        }
        if (failure instanceof InvalidInputException) {
            return "rejected";
        }
        if (failure instanceof DeadlineExceededException) {
            return "timeout";
        }
        return failure instanceof CircuitOpenException ? "circuit_open" : "error";
    }

    /** The class of the HTTP status a failed call was answered with: {@code 4xx}, {@code 5xx}…, or {@code none}. */
    static String statusClass(RuntimeException failure) {
        if (failure instanceof UpstreamException upstream) {
            return upstream.status().isPresent() ? upstream.status().getAsInt() / 100 + "xx" : "none";
        }
        return failure instanceof InvalidInputException ? "4xx" : "none";
    }
}
