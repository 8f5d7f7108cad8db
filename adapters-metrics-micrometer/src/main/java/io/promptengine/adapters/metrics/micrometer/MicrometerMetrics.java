package io.promptengine.adapters.metrics.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.promptengine.application.model.CacheStatus;
import io.promptengine.application.port.out.ExecutionQueue;
import io.promptengine.application.port.out.Metrics;
import io.promptengine.application.port.out.ModelProvider;
import io.promptengine.domain.error.ErrorKind;
import io.promptengine.domain.execution.Execution;
import io.promptengine.domain.execution.Surface;
import io.promptengine.domain.execution.Usage;
import io.promptengine.domain.tenant.TenantId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Prompt Engine's metrics on a Micrometer registry, scraped in the Prometheus text format or in OpenMetrics. The
 * core tells it what only the services know through the {@link Metrics} port; the composition root wraps the
 * providers ({@link #metered(ModelProvider)}) and the queue ({@link #metered(ExecutionQueue)}) in decorators that
 * measure at the edge, reports every HTTP request ({@link #httpRequest}), and binds the gauges it can read
 * (circuit breakers, the queue's backlog, the connection pool). The JVM's memory, GC, threads, class loading,
 * processor and uptime are bound here.
 *
 * <p>Labels are bounded: a model outside {@link Settings#models()} is {@code other}, HTTP requests are labelled by
 * their route template (what the HTTP adapter passes), and a {@code tenant} label is added only when
 * {@link Settings#tenantLabel()} is on.
 */
public final class MicrometerMetrics implements Metrics, AutoCloseable {

    /** 0.1 ms to 60 s: the buckets of every latency histogram, from a cached lookup to the longest model call. */
    static final Duration[] LATENCY_BUCKETS = {
        Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1),
        Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2_500), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(60)};

    /** The label value of every model outside {@link Settings#models()}. */
    public static final String OTHER = "other";

    private static final String OPEN_METRICS = "application/openmetrics-text";
    /** The content types the registry writes (those of the Prometheus client's text and OpenMetrics writers). */
    static final String OPEN_METRICS_CONTENT_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    static final String TEXT_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /**
     * @param models the model names that may be label values, as requests name them: bare ({@code gpt-4o}) or
     *        qualified ({@code local/echo}); any other is {@link #OTHER}
     * @param tenantLabel whether executions, tokens, cost, replays and refusals carry a {@code tenant} label; off,
     *        since every tenant would be a series of its own
     */
    public record Settings(Set<String> models, boolean tenantLabel) {

        public Settings {
            models = Set.copyOf(models);
        }
    }

    /** One scrape: its content type and body. */
    public record Exposition(String contentType, byte[] body) {

        public Exposition {
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(body, "body");
        }
    }

    /** How full a connection pool is, read at each scrape. */
    public record PoolReading(int active, int idle, int pending, int total, int maximum) {
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Settings settings;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final MeterCache<Counter> executions = counters("pe.executions",
            "Executions that ended, by surface, status, provider and model",
            "surface", "status", "provider", "model");
    private final MeterCache<Counter> tokens = counters("pe.tokens",
            "Tokens of ended executions by model and kind: input and output are totals; cached (input read from the "
                    + "provider's cache) and reasoning (output the caller does not see) are parts of them",
            "model", "kind");
    private final MeterCache<Counter> cost = counters("pe.cost.usd",
            "What executions cost in US dollars, by model", "model");
    private final MeterCache<Counter> cacheLookups = new MeterCache<>(values -> Counter.builder("pe.cache.lookups")
            .description("Requests that could be answered from the response cache: hit, miss or bypass")
            .tags("surface", values.get(0), "outcome", values.get(1))
            .register(registry));
    private final MeterCache<Counter> replays = counters("pe.idempotent.replays",
            "Requests answered with the stored response of an earlier one with the same Idempotency-Key");
    private final MeterCache<Counter> refusals = counters("pe.limit.refusals",
            "Requests refused by a plan's limit: rate_limited (requests per minute) or quota_exceeded (tokens per "
                    + "minute, monthly quota)", "reason", "plan");
    private final MeterCache<Timer> httpRequests = new MeterCache<>(values -> Timer.builder("pe.http.server.requests")
            .description("HTTP requests by method, route template and status")
            .tags("method", values.get(0), "route", values.get(1), "status", values.get(2))
            .serviceLevelObjectives(LATENCY_BUCKETS)
            .register(registry));

    public MicrometerMetrics(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /**
     * Counts the execution last, after its tokens and cost: a scrape that sees an execution counted sees what it
     * used too (a scrape between the two saw the execution without its tokens).
     */
    @Override
    public void executionEnded(Execution ended) {
        String model = model(ended.request().model());
        String tenant = ended.request().tenantId().value();
        Usage used = ended.usage();
        tokens(model, "input", used.inputTokens(), tenant);
        tokens(model, "output", used.outputTokens(), tenant);
        tokens(model, "cached", used.cachedInputTokens(), tenant);
        tokens(model, "reasoning", used.reasoningTokens(), tenant);
        ended.cost().ifPresent(cost -> this.cost.of(withTenant(tenant, model)).increment(cost.doubleValue()));
        executions.of(withTenant(tenant, ended.request().source().wireName(), ended.status().wireName(),
                ended.request().provider(), model)).increment();
    }

    private void tokens(String model, String kind, long count, String tenant) {
        Counter counter = tokens.of(withTenant(tenant, model, kind));
        if (count > 0) {
            counter.increment(count);
        }
    }

    @Override
    public void cacheLookup(Surface surface, CacheStatus outcome) {
        cacheLookups.of(surface.wireName(), outcome.name().toLowerCase(Locale.ROOT)).increment();
    }

    @Override
    public void idempotentReplay(TenantId tenant) {
        replays.of(withTenant(tenant.value())).increment();
    }

    @Override
    public void refused(ErrorKind why, String plan, TenantId tenant) {
        refusals.of(withTenant(tenant.value(), why.code(), plan)).increment();
    }

    /** An HTTP request was answered: {@code route} is its route template, never its raw path. */
    public void httpRequest(String method, String route, int status, Duration took) {
        httpRequests.of(method, route, Integer.toString(status)).record(took);
    }

    /** {@code provider} with every call and stream measured: outcome, status class, latency, time to first token. */
    public ModelProvider metered(ModelProvider provider) {
        return new MeteredModelProvider(provider, registry);
    }

    /** {@code queue} with its claims, re-claims and expired leases counted. */
    public ExecutionQueue metered(ExecutionQueue queue) {
        return new MeteredExecutionQueue(queue, registry);
    }

    // Micrometer holds a gauge's state weakly unless told otherwise: these suppliers have no other owner, so each
    // gauge holds its own strongly, lest a collection turn it into NaN.

    /**
     * The state of {@code provider}'s circuit breaker as one gauge per state, 1 for the one it is in: {@code state}
     * reads it ({@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}, …) at each scrape.
     */
    public void circuitBreaker(String provider, Supplier<String> state) {
        for (String each : List.of("closed", "open", "half_open")) {
            Gauge.builder("pe.circuit.breaker.state", state,
                            current -> current.get().toLowerCase(Locale.ROOT).equals(each) ? 1 : 0)
                    .description("1 for the state a provider's circuit breaker is in, 0 for the others")
                    .tags("provider", provider, "state", each)
                    .strongReference(true)
                    .register(registry);
        }
    }

    /**
     * The shared queue's backlog, read at each scrape: how many executions wait, and how long the oldest of them
     * has waited (zero when none does).
     */
    public void queueBacklog(LongSupplier depth, Supplier<Optional<Duration>> oldestWait) {
        Gauge.builder("pe.queue.depth", depth, LongSupplier::getAsLong)
                .description("Async executions queued, waiting for a worker of any instance")
                .strongReference(true)
                .register(registry);
        Gauge.builder("pe.queue.oldest.age", oldestWait,
                        wait -> wait.get().map(age -> age.toNanos() / 1e9).orElse(0.0))
                .description("How long the oldest queued execution has waited")
                .baseUnit("seconds")
                .strongReference(true)
                .register(registry);
    }

    /** The connection pool {@code pool}, read at each scrape; nothing when it is empty (a host's data source). */
    public void connectionPool(String pool, Supplier<Optional<PoolReading>> reading) {
        poolGauge(pool, reading, "active", "Connections in use", PoolReading::active);
        poolGauge(pool, reading, "idle", "Connections open and free", PoolReading::idle);
        poolGauge(pool, reading, "pending", "Threads waiting for a connection", PoolReading::pending);
        poolGauge(pool, reading, "open", "Connections open, in use or idle", PoolReading::total);
        poolGauge(pool, reading, "max", "The most connections the pool opens", PoolReading::maximum);
    }

    /**
     * The timers of {@code pool}'s loans: the wait for a connection, how long it was kept, and the waits that timed
     * out. Made once, at wiring, so that a loan records without looking a meter up.
     */
    public PoolTimers connectionPoolTimers(String pool) {
        return new PoolTimers(
                Timer.builder("pe.db.pool.acquire")
                        .description("The wait for a connection from the pool")
                        .tags("pool", pool)
                        .serviceLevelObjectives(LATENCY_BUCKETS)
                        .register(registry),
                Timer.builder("pe.db.pool.usage")
                        .description("How long a connection was kept before it went back to the pool")
                        .tags("pool", pool)
                        .serviceLevelObjectives(LATENCY_BUCKETS)
                        .register(registry),
                Counter.builder("pe.db.pool.timeouts")
                        .description("Waits for a connection that gave up after the pool's connection timeout")
                        .tags("pool", pool)
                        .register(registry));
    }

    /** What {@link #connectionPoolTimers} made, recorded on each loan. */
    public static final class PoolTimers {

        private final Timer acquire;
        private final Timer usage;
        private final Counter timeouts;

        PoolTimers(Timer acquire, Timer usage, Counter timeouts) {
            this.acquire = acquire;
            this.usage = usage;
            this.timeouts = timeouts;
        }

        public void acquired(Duration waited) {
            acquire.record(waited);
        }

        public void used(Duration held) {
            usage.record(held);
        }

        public void timedOut() {
            timeouts.increment();
        }
    }

    private void poolGauge(String pool, Supplier<Optional<PoolReading>> reading, String what, String description,
            java.util.function.ToIntFunction<PoolReading> value) {
        Gauge.builder("pe.db.pool.connections." + what, reading,
                        read -> read.get().map(value::applyAsInt).map(Integer::doubleValue).orElse(Double.NaN))
                .description(description)
                .tags("pool", pool)
                .strongReference(true)
                .register(registry);
    }

    /**
     * What a scrape with {@code accept} gets: OpenMetrics when it asks for {@code application/openmetrics-text},
     * the Prometheus text format otherwise.
     */
    public Exposition scrape(Optional<String> accept) {
        boolean openMetrics = accept.filter(value -> value.toLowerCase(Locale.ROOT).contains(OPEN_METRICS))
                .isPresent();
        String contentType = openMetrics ? OPEN_METRICS_CONTENT_TYPE : TEXT_CONTENT_TYPE;
        return new Exposition(contentType, registry.scrape(contentType).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }

    /**
     * The counters of {@code name} labelled {@code labels}, and {@code tenant} last when {@link Settings#tenantLabel()}
     * is on; look them up with {@link #withTenant}.
     */
    private MeterCache<Counter> counters(String name, String description, String... labels) {
        return new MeterCache<>(values -> {
            Counter.Builder builder = Counter.builder(name).description(description);
            for (int i = 0; i < labels.length; i++) {
                builder.tag(labels[i], values.get(i));
            }
            if (settings.tenantLabel()) {
                builder.tag("tenant", values.get(labels.length));
            }
            return builder.register(registry);
        });
    }

    /** {@code values}, and the tenant after them when counters carry a tenant label. */
    private String[] withTenant(String tenant, String... values) {
        if (!settings.tenantLabel()) {
            return values;
        }
        String[] all = Arrays.copyOf(values, values.length + 1);
        all[values.length] = tenant;
        return all;
    }

    private String model(String name) {
        return settings.models().contains(name) ? name : OTHER;
    }
}
