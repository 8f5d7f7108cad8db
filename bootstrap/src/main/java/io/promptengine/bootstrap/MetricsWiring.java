package io.promptengine.bootstrap;

import io.promptengine.adapters.http.HttpMetrics;
import io.promptengine.adapters.llm.CircuitBreakingModelProvider;
import io.promptengine.adapters.metrics.micrometer.MicrometerMetrics;
import io.promptengine.adapters.persistence.Database;
import io.promptengine.application.port.out.Clock;
import io.promptengine.application.port.out.ExecutionQueue;
import io.promptengine.application.port.out.Metrics;
import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.application.port.out.NoMetrics;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The metrics of one engine, when {@code PE_METRICS} is on: a {@link MicrometerMetrics} registry that the core
 * reports to through its {@link Metrics} port, that wraps the providers and the queue, reads the circuit breakers,
 * the queue's backlog and the connection pool at each scrape, and hears every HTTP request. Off, every step is a
 * no-op: the core gets {@link NoMetrics}, the providers and the queue stay as they are, and no {@code /metrics}
 * route is served.
 */
final class MetricsWiring implements AutoCloseable {

    private static final String POOL = "prompt-engine-db";

    private final Optional<MicrometerMetrics> registry;

    private MetricsWiring(Optional<MicrometerMetrics> registry) {
        this.registry = registry;
    }

    /**
     * @param providers every configured provider, unwrapped: the models they list, and the priced models under
     *        each provider's name, are the model names that may become label values
     */
    static MetricsWiring of(Config.MetricsSettings settings, List<ModelProvider> providers, Set<String> pricedModels) {
        if (!settings.enabled()) {
            return new MetricsWiring(Optional.empty());
        }
        Set<String> models = new HashSet<>(pricedModels);
        for (ModelProvider provider : providers) {
            for (String model : provider.models()) {
                models.add(model);
                models.add(provider.name() + "/" + model);
            }
            pricedModels.forEach(model -> models.add(provider.name() + "/" + model));
        }
        return new MetricsWiring(Optional.of(new MicrometerMetrics(
                new MicrometerMetrics.Settings(models, settings.tenantLabel()))));
    }

    /** What the core's services report to. */
    Metrics port() {
        return registry.<Metrics>map(metrics -> metrics).orElseGet(NoMetrics::new);
    }

    /** Each provider with its calls measured, and each circuit breaker's state read at every scrape. */
    List<ModelProvider> metered(List<ModelProvider> providers) {
        if (registry.isEmpty()) {
            return providers;
        }
        MicrometerMetrics metrics = registry.get();
        providers.forEach(provider -> {
            if (provider instanceof CircuitBreakingModelProvider breaker) {
                metrics.circuitBreaker(breaker.name(), breaker::state);
            }
        });
        return providers.stream().map(metrics::metered).toList();
    }

    ExecutionQueue metered(ExecutionQueue queue) {
        return registry.map(metrics -> metrics.metered(queue)).orElse(queue);
    }

    /** The queue's backlog and the connection pool of {@code database}, read at every scrape, and its loans timed. */
    void bind(Database database, Clock clock) {
        registry.ifPresent(metrics -> {
            metrics.queueBacklog(() -> database.queueBacklog().queued(),
                    () -> database.queueBacklog().oldestCreatedAt().map(oldest -> Duration.between(oldest,
                            clock.now())).map(wait -> wait.isNegative() ? Duration.ZERO : wait));
            metrics.connectionPool(POOL, () -> database.poolState().map(pool -> new MicrometerMetrics.PoolReading(
                    pool.active(), pool.idle(), pool.pending(), pool.total(), pool.maximum())));
            MicrometerMetrics.PoolTimers timers = metrics.connectionPoolTimers(POOL);
            database.timePool(new Database.PoolTimings() {
                @Override
                public void acquired(Duration waited) {
                    timers.acquired(waited);
                }

                @Override
                public void used(Duration held) {
                    timers.used(held);
                }

                @Override
                public void timedOut() {
                    timers.timedOut();
                }
            });
        });
    }

    /** HTTP's side: every request by its route template, and the scrape {@code GET /metrics} serves. */
    Optional<HttpMetrics> http() {
        return registry.map(metrics -> new HttpMetrics() {
            @Override
            public void served(String method, String route, int status, Duration took) {
                metrics.httpRequest(method, route, status, took);
            }

            @Override
            public Scrape scrape(Optional<String> accept) {
                MicrometerMetrics.Exposition exposition = metrics.scrape(accept);
                return new Scrape(exposition.contentType(), exposition.body());
            }
        });
    }

    @Override
    public void close() {
        registry.ifPresent(MicrometerMetrics::close);
    }
}
